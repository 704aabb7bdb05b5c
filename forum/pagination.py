"""Django's Paginator, with one difference every list on the site shares."""

from django.core import paginator


class Paginator(paginator.Paginator):
    """A page number below 1 (`?page=0`, `?cpage=-1`) shows the first page, where Django's get_page
    shows the last; past the last page it is still the last, and what is no number the first."""

    def get_page(self, number):
        try:
            if int(number) < 1:
                number = 1
        except (TypeError, ValueError):
            pass  # Django's answer: the first page
        return super().get_page(number)
