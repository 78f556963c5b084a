"""The pygame front end: the only package that imports pygame.

It reads engine state and sends the same actions an AI or a test sends; no game rule lives
here. `app.App` runs the window, `scenes/` hold the screens, `screenshot` renders any screen
off-screen.
"""

import os as _os

_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
