from communique.nlp import MODEL_NAMES, MODEL_VERSION, load_nlp


def test_the_english_model_is_spacys_small_model_3_8_0():
    nlp = load_nlp()
    assert nlp.meta["lang"] == "en"
    assert nlp.meta["name"] in MODEL_NAMES
    assert nlp.meta["version"] == MODEL_VERSION
    for component in ("tagger", "parser", "lemmatizer", "ner"):
        assert component in nlp.pipe_names


def test_the_model_is_loaded_once_per_process():
    assert load_nlp() is load_nlp()
