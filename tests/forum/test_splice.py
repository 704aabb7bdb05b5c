"""forum.splice: HTML handed to `defer` reaches the response in place of its marker, once encoded."""

from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.utils.safestring import mark_safe

from forum.splice import defer, splice


def test_deferred_html_replaces_its_marker_and_only_its_marker():
    request = RequestFactory().get("/")
    first = defer(request, mark_safe("<p>Zoë’s thread</p>"))
    second = defer(request, mark_safe("<p>second</p>"))
    assert first != second and first.startswith("<!--deferred:")
    response = HttpResponse(f"<main>{first}<hr>{second}</main><!--deferred:not-ours-->")
    splice(request, response)
    expected = "<main><p>Zoë’s thread</p><hr><p>second</p></main><!--deferred:not-ours-->"
    assert response.content.decode() == expected


def test_a_marker_the_template_did_not_print_is_logged_and_a_second_splice_is_harmless(caplog):
    request = RequestFactory().get("/somewhere/")
    defer(request, mark_safe("<p>never shown</p>"))
    response = splice(request, HttpResponse("<p>page</p>"))
    assert response.content == b"<p>page</p>"
    assert "not spliced into /somewhere/" in caplog.text
    assert splice(request, response).content == b"<p>page</p>"


def test_without_a_request_the_html_itself_is_printed():
    assert defer(None, mark_safe("<p>x</p>")) == "<p>x</p>"


def test_a_streaming_response_is_left_alone():
    request = RequestFactory().get("/")
    marker = defer(request, mark_safe("<p>x</p>"))
    response = StreamingHttpResponse(iter([marker.encode()]))
    assert splice(request, response) is response
    assert b"".join(response.streaming_content) == marker.encode()


def test_utf8_bytes_go_in_as_they_are_and_text_without_a_request_is_printed():
    request = RequestFactory().get("/")
    marker = defer(request, "<p>Zoë’s</p>".encode())
    response = splice(request, HttpResponse(f"<main>{marker}</main>"))
    assert response.content.decode() == "<main><p>Zoë’s</p></main>"
    assert defer(None, "<p>Zoë</p>".encode()) == "<p>Zoë</p>"


def test_bytes_are_re_encoded_for_a_response_in_another_charset():
    request = RequestFactory().get("/")
    marker = defer(request, "<p>Zoë</p>".encode())
    response = HttpResponse(f"<main>{marker}</main>", charset="iso-8859-1")
    assert splice(request, response).content == "<main><p>Zoë</p></main>".encode("iso-8859-1")
