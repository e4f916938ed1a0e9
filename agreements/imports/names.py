"""Names of organizations and people that the knowledge base does not know yet: the linker's entry points.

Each is read from the text's words, worked out once per text (words.py), looking at a few words either side of
each run of capitalised words, with dict lookups for what was found elsewhere in the text (reading.py):
organizations (organizations.py, with the names ending in a word such as Council in suffixed_names.py) and people
(people.py), by the word lists of wordlists.py.
"""

from .organizations import propose_organizations
from .people import propose_people
from .suffixed_names import new_organizations

__all__ = ["new_organizations", "propose_organizations", "propose_people"]
