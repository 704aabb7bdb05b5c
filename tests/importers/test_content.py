from importers.content import autop, plain_text, split_question, title_from, to_markdown


def test_autop_makes_paragraphs_and_line_breaks():
    assert autop("One\nline two\n\nThree") == "<p>One<br>\nline two</p>\n<p>Three</p>"


def test_autop_leaves_block_tags_and_preformatted_text_alone():
    html = autop("Intro\n<blockquote>Inside\n\nAgain</blockquote>\n<pre>a\n\nb</pre>")
    assert html == "<p>Intro</p>\n<blockquote>\n<p>Inside</p>\n<p>Again</p>\n</blockquote>\n<pre>a\n\nb</pre>"


def test_split_question_needs_the_writes_intro_and_a_blockquote():
    body = split_question("<p>A reader in Leeds writes:</p><blockquote><p>Help?</p></blockquote><p>Yes.</p>")
    assert (body.question_html, body.answer_html) == ("<p>Help?</p>", "<p>Yes.</p>")
    plain = split_question("<p>He writes well.</p><p>Yes.</p>")
    assert plain.question_html == "" and plain.answer_html == "<p>He writes well.</p><p>Yes.</p>"
    quote_later = split_question("<p>Intro.</p><p>She writes:</p><blockquote>Q</blockquote><p>A</p>")
    assert quote_later.question_html == ""


def test_split_question_keeps_a_nested_quote_inside_the_letter():
    letter = "<blockquote>My boss said <blockquote>no</blockquote> twice.</blockquote>"
    body = split_question(f"A reader writes:{letter}<p>Ask again.</p>")
    assert body.question_html == "My boss said <blockquote>no</blockquote> twice."
    assert body.answer_html == "<p>Ask again.</p>"


def test_split_question_without_an_answer_keeps_everything_as_the_answer():
    body = split_question("A reader writes:<blockquote>Only a letter.</blockquote>")
    assert body.question_html == ""
    assert "Only a letter." in body.answer_html


def test_plain_text_and_markdown():
    assert plain_text("<p>a &amp; b<br>c</p><script>x()</script><p>d</p>") == "a & b\nc\n\nd"
    assert to_markdown("<p>Say <strong>no</strong>.</p>") == "Say **no**."
    assert title_from("<p></p>") == "Untitled post"
    assert title_from("<p>" + "word " * 30 + "</p>") == " ".join(["word"] * 10)
