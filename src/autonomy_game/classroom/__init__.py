"""Classroom mode: the teacher's laptop hosts the game, each group plays from its own device.

The only package that imports the web libraries (aiohttp, segno). It drives `Game` through
engine actions; the engine knows nothing of the network.
"""
