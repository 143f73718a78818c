"""Dialogs: platform-neutral forms, asked one field at a time or sent whole, their half-filled state stored."""
