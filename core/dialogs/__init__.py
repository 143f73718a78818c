"""Dialogs: platform-neutral forms asked one field at a time, their half-filled state stored."""
