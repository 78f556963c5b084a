"""Policies: the AI, scripted doctrines, passive and random players, one interface."""
