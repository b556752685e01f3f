"""Who may see what: the one place where a caller's identity becomes a filter on rows.

Every page, API operation and back-office list takes its rows from these functions, never from an id
the client sends; an object outside the caller's scope is simply not in the queryset (a 404, not a 403).
"""
