"""Election-day views, one module per topic."""
