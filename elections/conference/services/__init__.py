"""Election-day services: team, conference (the sitting), count board, check-in, minutes scan."""
