"""Views of the campaign pages: parse the request, call one selector or service, render."""
