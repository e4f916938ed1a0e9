"""Growing the knowledge base: reading a new announcement in, finding what it names, reviewing what was found.

ingestion stores an announcement and its import report; linking finds mentions, dates, amounts and
possible records in it; reviewing turns an accepted suggestion into records and citations; admin holds
the admin's import page and review actions.
"""
