"""Election-day services: team, conference, check-in (and, alongside, the count, result and recognition)."""
