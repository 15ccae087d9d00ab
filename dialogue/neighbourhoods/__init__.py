"""Neighbourhoods: the places where the city holds events and residents propose. Their public pages are in
dialogue.main, which combines them with events and proposals."""
