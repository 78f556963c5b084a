"""The printable debrief: a finished (or saved) game as one self-contained HTML page."""
