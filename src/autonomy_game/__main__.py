"""`python -m autonomy_game` is the same as the `autonomy-game` command."""

from autonomy_game.cli.main import main

raise SystemExit(main())
