"""The vocabularies of Epoch AI's "Notable AI models": its country names
(to ISO 3166-1 alpha-2), its "Model accessibility" values and its spellings
of organisations that are a vendor known under another name. A country or
accessibility value missing here fails `graph.sources.epoch.read`, so
nothing is silently dropped."""

from __future__ import annotations

# Every country name the file uses, to ISO 3166-1 alpha-2 (None: no single
# country). A name missing here fails `read`.
COUNTRIES: dict[str, str | None] = {
    "Argentina": "AR",
    "Australia": "AU",
    "Austria": "AT",
    "Belgium": "BE",
    "Canada": "CA",
    "China": "CN",
    "Croatia": "HR",
    "Czechia": "CZ",
    "Denmark": "DK",
    "Finland": "FI",
    "France": "FR",
    "Germany": "DE",
    "Hong Kong": "HK",
    "India": "IN",
    "Iran (Islamic Republic of)": "IR",
    "Ireland": "IE",
    "Israel": "IL",
    "Italy": "IT",
    "Japan": "JP",
    "Korea (Republic of)": "KR",
    "Malaysia": "MY",
    "Netherlands": "NL",
    "Norway": "NO",
    "Poland": "PL",
    "Russia": "RU",
    "Saudi Arabia": "SA",
    "Singapore": "SG",
    "Spain": "ES",
    "Sweden": "SE",
    "Switzerland": "CH",
    "Taiwan": "TW",
    "United Arab Emirates": "AE",
    "United Kingdom of Great Britain and Northern Ireland": "GB",
    "United States of America": "US",
    "Multinational": None,
}

# "Model accessibility" values: (open weights, weights restricted). The
# restriction is about the weights' licence, so it is None where there are
# no weights to restrict.
ACCESS: dict[str, tuple[bool, bool | None]] = {
    "Open weights (unrestricted)": (True, False),
    "Open weights (restricted use)": (True, True),
    "Open weights (non-commercial)": (True, True),
    "API access": (False, None),
    "Hosted access (no API)": (False, None),
    "Unreleased": (False, None),
}

# Epoch spellings of organisations that are a vendor known under another
# name: a division or lab of it (as the curated catalog already folds
# DeepMind into Google), a former name, or the same body spelled otherwise.
# Only the same organisation: "MetaMind Inc" (Salesforce) is not Meta, "Ant
# Group" is not Anthropic, "Northeastern University (China)" is not the one
# in Boston.
VENDOR_NAMES: dict[str, str] = {
    "Google Brain": "Google",
    "Google Research": "Google",
    "Google Cloud": "Google",
    "Microsoft Research": "Microsoft",
    "Microsoft Research Asia": "Microsoft",
    "Facebook": "Meta",
    "Facebook AI": "Meta",
    "Facebook AI Research": "Meta",
    "Alibaba DAMO Academy": "Alibaba",
    "Huawei Noah's Ark Lab": "Huawei",
    "Salesforce Research": "Salesforce",
    "Cohere for AI": "Cohere",
    "Allen Institute for AI": "Ai2",
    "Allen Institute for AI (Ai2)": "Ai2",
    "Perplexity": "Perplexity AI",
    "Upstage": "Upstage AI",
    "Stanford University": "Stanford",
    "Tsinghua University": "Tsinghua",
    "Princeton University": "Princeton",
    "University of California (UC) Berkeley": "UC Berkeley",
    "University of Washington": "UW",
    "UT Austin": "University of Texas at Austin",
    "Jacobs University": "Jacobs University Bremen",
}
