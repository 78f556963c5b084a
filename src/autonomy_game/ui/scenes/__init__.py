"""The screens: start, game (map, Council, orders, report), event, hand-over, menu, end."""
