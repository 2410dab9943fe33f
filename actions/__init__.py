"""Medvirk's action server (rasa-sdk, bot environment).

Action classes only wire Rasa to the plain modules beside them; nothing here imports the
app environment, which is reached over HTTP only.
"""
