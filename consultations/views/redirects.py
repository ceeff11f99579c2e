from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, fallback):
    """Where a form asked to go back to, if that is on this site; `fallback` otherwise."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
