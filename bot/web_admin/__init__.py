"""The admins' web console under /admin on `tradebot serve`: sign-in by a one-time link sent
in chat, then dashboard, knowledge editor, preview, publish, gaps and broadcasts.

Server-rendered Jinja2 pages, no JavaScript build; every form carries a CSRF token and every
change is written to the audit log through the chat admin's own services (bot/admin.py).
"""
