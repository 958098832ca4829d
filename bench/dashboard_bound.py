"""placeholder"""


def shown_figures(data):
    return {}


def bound_figures(*, ward, campaign, user=None):
    return {}
