from gcmreview.textengine.segment import segment, sentences


def test_arabic_question_mark_and_full_stop_end_sentences_but_the_comma_does_not():
    text = "هل تحقق تقدم؟ نعم، تم اعتماد خطة وطنية. لكن التمويل محدود"
    assert sentences(text) == ["هل تحقق تقدم؟", "نعم، تم اعتماد خطة وطنية.", "لكن التمويل محدود"]


def test_arabic_semicolon_splits_only_when_asked():
    text = "تعزيز جمع البيانات؛ وتحسين تبادلها."
    assert len(segment(text)) == 1
    assert [s.text for s in segment(text, split_semicolons=True)] == [
        "تعزيز جمع البيانات؛", "وتحسين تبادلها."]


def test_abbreviations_initials_and_decimals_do_not_end_sentences():
    text = ("Mr. Smith, e.g. the chair, cited art. 5 and para. 17, i.e. 3.5 per cent. "
            "M. Dupont a parlé. J. Doe agreed.")
    assert sentences(text) == [
        "Mr. Smith, e.g. the chair, cited art. 5 and para. 17, i.e. 3.5 per cent.",
        "M. Dupont a parlé.", "J. Doe agreed."]


def test_numbered_and_bulleted_items_are_segments_with_their_marker():
    text = "Key messages:\n1. Data first.\n2) Then fees.\n(a) sub-point\n- dash\n• bullet"
    items = [(s.kind, s.marker, s.text) for s in segment(text)]
    assert items == [
        ("sentence", None, "Key messages:"),
        ("item", "1.", "Data first."),
        ("item", "2)", "Then fees."),
        ("item", "(a)", "sub-point"),
        ("item", "-", "dash"),
        ("item", "•", "bullet"),
    ]


def test_arabic_numbering_and_ordinals_start_items():
    text = "أولاً: حماية العمال.\nثانياً- جمع البيانات.\n١. بند\n٢- بند آخر\nب) بند ثالث"
    items = [(s.marker, s.text) for s in segment(text)]
    assert items == [("أولاً:", "حماية العمال."), ("ثانياً-", "جمع البيانات."), ("١.", "بند"),
                     ("٢-", "بند آخر"), ("ب)", "بند ثالث")]


def test_paragraphs_are_numbered_and_offsets_point_into_the_text():
    text = "First paragraph. Still first.\n\n  Second one!\n\n\nالفقرة الثالثة؟ نعم."
    segs = segment(text)
    assert [s.paragraph for s in segs] == [0, 0, 1, 2, 2]
    for s in segs:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
