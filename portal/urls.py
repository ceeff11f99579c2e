from django.conf import settings
from wagtail.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from wagtail.urls import serve_pattern

from home.serving import serve as serve_page
from home.views import admin_login_redirect, favicon, robots_txt, site_theme_css, switch_language

handler500 = "home.errors.server_error"

urlpatterns = [
    # One throttled login page for everyone: the admin's own login and password reset lead to allauth.
    path("admin/login/", admin_login_redirect, name="admin_login_redirect"),
    path("admin/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("langue/<str:code>/", switch_language, name="switch_language"),
    path("", include("consultations.urls")),
    path("", include("financing.urls")),
    path("paiements/", include("payments.urls")),
    path("accounts/", include("allauth.urls")),
    path("sitemap.xml", sitemap),
    path("robots.txt", robots_txt),
    path("favicon.ico", favicon),
    path("theme.css", site_theme_css, name="site_theme_css"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    from django.views.static import serve as serve_media

    # Uploaded images and documents; a deployment behind nginx may serve MEDIA_ROOT itself.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    ]

# Pages are served by Wagtail's own view with their routes kept in memory (home/serving.py); the
# rest of Wagtail's front-end URLs (password-protected pages) stay as they are.
urlpatterns += [
    re_path(serve_pattern, serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
