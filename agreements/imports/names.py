"""Names of organizations and people that the knowledge base does not know yet.

Every pattern here is matched in one pass over the text's words: a regular
expression for the same names backtracked over long runs of capitalised words.
"""

import re

from ..models import Suggestion

ORGANIZATION_SUFFIX = (
    r"(?:Technologies|Technology|Corporation|Corp\.?|Company|Co\.|Ltd\.?|Limited|Inc\.?|Group|Holdings|Council"
    r"|University|Institute|Committee|Commission|Government|Authority|Agency|Bank|Association|Forum|Foundation"
    r"|Laboratory|Labs?|Networks|Systems|Telecom|Partners)"
)
CHUNK = re.compile(r"\S+")
NAME_WORD = re.compile(r"[A-Z][\w&'’-]*")
JOINING_WORDS = {"of", "for", "and", "&"}
ORGANIZATION_SUFFIX_AT = re.compile(rf"{ORGANIZATION_SUFFIX}(?!\w)")
LEGAL_FORM = re.compile(r"(?:Ltd\.?|Limited|Inc\.?|Corporation|Corp\.?|Co\.)$")


def propose_organizations(proposals):
    """Propose the organizations the text names that are not known; [(start, end, candidate)] of them."""
    found = []
    for start, end in new_organizations(proposals.text):
        if proposals.taken.overlaps(start, end):
            continue
        name = proposals.text[start:end]
        confidence = 0.7 if LEGAL_FORM.search(name) else 0.6
        if proposals.add(Suggestion.Kind.NEW_ORGANIZATION, start, end, name, confidence):
            found.append((start, end, {"kind": "new-organization", "id": None, "name": name}))
    return found


def propose_people(proposals, mentions, found):
    """Propose the people the text names that are not known, with the title and organization it gives them;
    [(start, end, candidate)] of them. `found`: the new organizations and cities proposed so far."""
    return []


def new_organizations(text):
    """(start, end) of names that look like an organization nobody has recorded: capitalised words, each
    after a space (one "of", "for", "and" or "&" may join two), ending in a word such as Council or
    Technologies; the longest such name of a run of words, "The" left out, two words at least.

    One pass over the text's words: a pattern for the same names backtracked over long runs of
    capitalised words (a minute for 48 KB of them)."""
    found = []
    run_start = pending = None  # where the run of capitalised words began; the longest name in it so far
    joined = False  # the last word was a joining word
    for chunk in CHUNK.finditer(text):
        word = chunk.group()
        if run_start is not None and (suffix := ORGANIZATION_SUFFIX_AT.match(word)):
            pending = (run_start, chunk.start() + suffix.end())
        if NAME_WORD.fullmatch(word):
            if run_start is None:
                run_start = chunk.start()
            joined = False
        elif word in JOINING_WORDS and run_start is not None and not joined:
            joined = True
        else:
            found += [pending] if pending else []
            run_start = pending = None
            joined = False
    found += [pending] if pending else []
    names = []
    for start, end in found:
        if text.startswith("The ", start):
            start += 4
        if " " in text[start:end]:
            names.append((start, end))
    return names
