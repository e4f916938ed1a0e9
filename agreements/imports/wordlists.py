"""The words by which the readers of new names (organizations.py, people.py) tell what a capitalised word is:
organization suffixes and legal forms, titles and roles, speech verbs, and the capitalised words that are no names.
"""

import re

ORGANIZATION_SUFFIX = (
    r"(?:Technologies|Technology|Corporation|Corp\.?|Company|Co\.|Ltd\.?|Limited|Inc\.?|Group|Holdings|Council"
    r"|University|Institute|Committee|Commission|Government|Authority|Agency|Bank|Association|Forum|Foundation"
    r"|Laboratory|Labs|Networks|Systems|Telecom|Telecoms|Telematics|Partners|Municipality|Hall|Embassy|Ministry"
    r"|Department|Infrastructure|Robotics|Solutions|Software|Electronics|Communications|Telecommunications"
    r"|Consortium|Alliance|Federation|Oy|Oyj|AG|GmbH|SA|S\.A\.|SE|plc|PLC|LLC|BV|NV|AB|ASA|SpA|Srl|Pte)"
)
ORGANIZATION_SUFFIX_AT = re.compile(rf"{ORGANIZATION_SUFFIX}(?!\w)")
LEGAL_FORM = re.compile(r"(?:Ltd\.?|Limited|Inc\.?|Corporation|Corp\.?|Co\.|Oyj?|AG|GmbH|S\.?A\.?|plc|PLC|LLC|BV|NV)$")
# Words after which "of" (or "in", for an embassy) goes on with the same name: "Canton of Zürich".
ORGANIZATION_HEADS = {
    "University", "Institute", "Canton", "Government", "Embassy", "Consulate", "Ministry", "Department", "Bank",
    "Association", "Academy", "College", "School", "Agency", "Authority", "Commission", "Federation", "Chamber",
    "Municipality", "Office", "Council", "Committee", "Society",
}  # fmt: skip
JOINING_WORDS = {"of", "for", "and", "&"}
ABBREVIATED_FORMS = {"Ltd", "Inc", "Corp", "Co"}
# Nouns that say the name beside them is an organization's: "X, a Finnish software company"; "robotics group X".
ORGANIZATION_NOUNS = {
    "company", "companies", "operator", "firm", "provider", "group", "maker", "manufacturer", "developer",
    "supplier", "start-up", "startup", "vendor", "carrier", "subsidiary", "consultancy", "giant", "integrator",
    "corporation", "business", "bank", "insurer", "retailer", "agency", "institute", "university", "association",
    "organisation", "organization", "utility", "producer", "specialist", "consortium",
}  # fmt: skip
# What a person is, in a title: "deputy mayor", "chief executive", "head of …", "an environmental engineer".
ROLE_WORDS = {
    "mayor", "councillor", "councilor", "executive", "officer", "director", "president", "chairman",
    "chairwoman", "chair", "chairperson", "rector", "founder", "co-founder", "head", "leader", "member",
    "secretary", "minister", "governor", "manager", "spokesperson", "spokesman", "spokeswoman", "engineer",
    "analyst", "professor", "dean", "commissioner", "ambassador", "chancellor", "ceo", "cto", "cio", "coo",
    "cfo", "researcher", "adviser", "advisor", "coordinator", "representative", "deputy", "vice", "partner",
    "columnist", "economist", "scientist", "architect", "consultant", "general", "premier", "mp", "chief",
}  # fmt: skip
# Capitalised words that stand before a name as a title: never part of the name.
TITLE_WORDS = {
    "Mayor", "Deputy", "Vice", "Councillor", "Councilor", "Governor", "Minister", "President", "Chairman",
    "Chairwoman", "Director", "Leader", "Secretary", "Rector", "Chancellor", "Commissioner", "Ambassador",
    "Premier", "Senator", "Chief", "Executive", "Officer", "CEO", "Head",
}  # fmt: skip
HONORIFICS = {"Mr", "Ms", "Mrs", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame", "Mx"}
SPEECH_VERBS = {"said", "says", "added", "commented", "told", "explained", "noted", "stated", "announced"}
# Capitalised words that open a sentence without being a name, beside whatever the text writes in lower case too.
GENERIC_WORDS = {
    "The", "A", "An", "About", "Under", "After", "Before", "Both", "Each", "Every", "This", "That", "These",
    "Those", "Our", "Its", "Their", "His", "Her", "We", "It", "They", "He", "She", "In", "On", "At", "By", "For",
    "From", "With", "As", "If", "When", "While", "Once", "Over", "Since", "Until", "And", "But", "Or", "To",
    "Registration", "Construction", "Installation", "Training", "Officials", "Read", "Here", "There", "One",
    "Two", "Three", "Four", "Five", "First", "Last", "Next", "New", "Smart", "City", "Cities", "Total",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Internet", "Things", "Cloud", "Data", "Phase", "Programme", "Program", "Project", "Expo", "Summit",
    "Conference", "Agreement", "Memorandum", "Understanding", "Partnership", "Letter", "Intent",
}  # fmt: skip
# Words that open a sentence of a press release and would read as the first word of a name before "Technology" or
# "Systems": verbs in the imperative, and adjectives.
SENTENCE_OPENERS = {
    "Enhance", "Enhancing", "Improve", "Improving", "Develop", "Developing", "Build", "Building", "Create",
    "Creating", "Deliver", "Delivering", "Support", "Supporting", "Connect", "Connecting", "Connected", "Use",
    "Using", "Make", "Making", "Provide", "Providing", "Bring", "Bringing", "Drive", "Driving", "Help", "Helping",
    "Enable", "Enabling", "Expand", "Expanding", "Boost", "Boosting", "Strengthen", "Promote", "Explore", "Share",
    "Sharing", "Join", "Joining", "Integrate", "Integrating", "Streamline", "Upgrade", "Upgrading", "Modernise",
    "Modernize", "Invest", "Investing", "Digital", "Advanced", "Innovative", "Modern", "Global", "Local",
    "National", "Public", "Private", "Urban", "Future", "Better", "Green", "Secure", "Intelligent", "Shared",
    "Such", "Many", "Most", "Some", "Several", "Other", "All", "Why", "How", "What", "Where", "Which", "Who",
}  # fmt: skip
ACRONYMS_THAT_ARE_NOT_NAMES = {
    "CEO", "CTO", "CIO", "COO", "CFO", "IOT", "MOU", "ICT", "GDP", "USD", "EUR", "GBP", "CNY", "RMB", "CHF",
    "SEK", "NOK", "PLN", "VND", "BRL", "AI", "IT", "TV", "PR", "HQ", "EU", "UN", "UK", "US", "USA", "R&D",
    "5G", "4G", "LTE", "API", "GPS", "LED", "CCTV", "EV", "PM", "AM", "NB", "OK",
}  # fmt: skip
MOST_WORDS_IN_A_NAME = 4
# Words before a title that are not part of it: "in the presence of city councillor …".
TITLE_BOUNDARIES = {"of", "in", "at", "the", "a", "an", "by", "with", "and", "its", "our", "their", "to", "as"}
OPENING_MARKS = {".", "!", "?", ":", "—", "–"}  # after which a sentence opens
SENTENCE_ENDS = {".", "!", "?", "”", '"'}
QUOTES = {'"', "“", "”", "‘", "’", "'", "«", "»"}
CIVIC_TITLES = re.compile(r"\b(?:mayor|councillor|councilor|alderman)\b", re.I)
