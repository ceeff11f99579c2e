"""The per-process memory of published content, shared by `home` and `consultations`.

Neither app owns it: `home` keeps sites, identities, menus and routes in it, `consultations` live
consultation pages and lists of places. It imports neither app, so both may import it.
"""
