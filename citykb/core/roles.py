"""A record's roles listed once per record: a page lists an agreement, an event or a partner once, with all the
roles one record plays in it together, rather than once per role."""


class RecordRoles:
    """One listed record and the roles (rows that cite their own passages) it is listed for, in their order."""

    def __init__(self, record, roles):
        self.record = record
        self.roles = roles
        # Other facts of the row with their passages: (record, citation field), e.g. (agreement, "signing_citations").
        self.also_cited = []

    @property
    def cited(self):
        """(record, citation field) for every fact the row shows."""
        return [(role, "citations") for role in self.roles] + self.also_cited

    def __str__(self):
        return str(self.record)


def by_record(roles, attribute):
    """The roles grouped by the record at `attribute` ("agreement", "party", …), in the order each record first
    comes; no query beyond the roles' own (the record is read from the row, as select_related joined it)."""
    groups = {}
    for role in roles:
        record = getattr(role, attribute)
        key = (type(record), record.pk)
        if key not in groups:
            groups[key] = RecordRoles(record, [])
        groups[key].roles.append(role)
    return list(groups.values())


def with_signed_here(groups, signed_here):
    """A city's agreements by record, each signed there marked as such (and listed once)."""
    found = {group.record.pk: group for group in groups}
    for agreement in signed_here:
        if agreement.pk not in found:
            found[agreement.pk] = RecordRoles(agreement, [])
            groups.append(found[agreement.pk])
        found[agreement.pk].signed_here = True
        found[agreement.pk].also_cited.append((agreement, "signing_citations"))
    return groups
