"""Finding 1: no script from a trainer's zip runs on the site's origin. The zip's
images are only accepted pictures, re-encoded; /media serves everything as data."""

from __future__ import annotations

import io
from pathlib import Path

import requests
from PIL import Image

from tests.security.conftest import members_of, zip_of

SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)'
    b"</script></svg>"
)
SVG_HANDLER = b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>'
SVG_LINK = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<a xlink:href="javascript:alert(1)"><rect width="9" height="9"/></a></svg>'
)


def png_with_payload() -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (40, 20), (10, 200, 10))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    image.save(buffer, "PNG", exif=exif)
    return buffer.getvalue() + b"<html><script>alert(1)</script></html>"


def import_zip(client, files):
    data = zip_of(files)
    return client.post(
        "/studio/courses/import", data={"file": (io.BytesIO(data), "c.zip")}
    )


def test_zip_images_other_than_pictures_are_refused(app, client, trainer_course):
    course, _ = trainer_course
    good = members_of(client.get(f"/studio/courses/{course.id}/export.zip").data)
    published = Path(app.config["LMS_DATA_DIR"]) / "media/courses/sample-101/images"
    before = sorted(p.name for p in published.iterdir())
    bad = {
        "sample-101/images/page.html": b"<script>alert(document.cookie)</script>",
        "sample-101/images/x.svg": SVG_SCRIPT,
        "sample-101/images/y.svg": SVG_HANDLER,
        "sample-101/images/z.svg": SVG_LINK,
        "sample-101/images/fake.png": b"<script>alert(1)</script>",
        "sample-101/images/sub/a.js": b"alert(1)",
    }
    for name, body in bad.items():
        answer = import_zip(client, good | {name: body})
        assert answer.status_code == 422, name
        assert (
            name.split("/", 1)[1] in answer.text and "没有导入任何内容" in answer.text
        )
    assert sorted(p.name for p in published.iterdir()) == before


def test_zip_pictures_are_reencoded_without_payload(app, client, trainer_course):
    course, _ = trainer_course
    good = members_of(client.get(f"/studio/courses/{course.id}/export.zip").data)
    answer = import_zip(client, good | {"sample-101/images/ok.png": png_with_payload()})
    assert answer.status_code == 302
    stored = Path(app.config["LMS_DATA_DIR"]) / "media/courses/sample-101/images/ok.png"
    data = stored.read_bytes()
    assert b"<script>" not in data and b"SecretCam" not in data
    with Image.open(stored) as image:
        assert image.format == "PNG" and image.size == (40, 20)
    # the shipped drawings (plain SVG) still go through
    assert (stored.parent / "braking.svg").is_file()


def test_media_is_served_as_data_never_as_a_page(app, live_server):
    media = Path(app.config["LMS_DATA_DIR"]) / "media" / "courses" / "x" / "images"
    media.mkdir(parents=True)
    (media / "page.html").write_text("<script>alert(1)</script>")
    (media / "d.svg").write_bytes(SVG_SCRIPT)
    (media / "p.png").write_bytes(png_with_payload())
    base = f"{live_server}/media/courses/x/images"
    page = requests.get(f"{base}/page.html", timeout=10)
    assert page.headers["Content-Disposition"] == "attachment"
    assert page.headers["Content-Type"] == "application/octet-stream"
    for name in ("page.html", "d.svg", "p.png"):
        answer = requests.get(f"{base}/{name}", timeout=10)
        assert answer.status_code == 200
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in answer.headers["Content-Security-Policy"]
        assert "script-src" not in answer.headers["Content-Security-Policy"]
    svg = requests.get(f"{base}/d.svg", timeout=10)
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert not svg.headers.get("Content-Disposition", "").startswith("attachment")


def test_an_svg_opened_on_its_own_runs_nothing(app, live_server, browser):
    media = Path(app.config["LMS_DATA_DIR"]) / "media" / "courses" / "x" / "images"
    media.mkdir(parents=True)
    (media / "d.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>'
        b"document.title='ran'</script></svg>"
    )
    page = browser.new_page()
    page.goto(f"{live_server}/media/courses/x/images/d.svg")
    assert page.title() != "ran"
    page.close()


def test_media_urls_use_the_media_origin_when_set(app, client, trainer_course):
    from lms.files import media_url
    from lms.services.catalogue import browse

    course, _ = trainer_course
    app.config["LMS_MEDIA_URL"] = "https://media.example.cn/m"
    with app.test_request_context("/"):
        html = browse.guide_html(course.lessons[0], media_url)
        assert (
            media_url("videos/1/a.mp4") == "https://media.example.cn/m/videos/1/a.mp4"
        )
    assert (
        'src="https://media.example.cn/m/courses/sample-101/images/braking.svg"' in html
    )
