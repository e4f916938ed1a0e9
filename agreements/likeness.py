"""Announcements that are nearly the same text, found without reading every stored one.

Each text's word shingles get a MinHash signature (datasketch); its bands are stored in AnnouncementBand,
so that the texts sharing a band with a new one are found by an index (locality-sensitive hashing), and
only those few are compared with it. Eight bands of eight rows find texts whose shingles are 80 % the same
nearly always, and texts under 50 % the same almost never.
"""

import hashlib

from datasketch import MinHash
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save

from citykb.core.signals import bulk_changes_finished, in_bulk_changes

from .mentions import fold
from .models import Announcement, AnnouncementBand, rewrite_worked_out

BANDS, ROWS = 8, 8
SHINGLE_WORDS = 5
ALIKE = 0.8  # the share of shingles two texts have in common, past which they are nearly the same
MOST_CANDIDATES = 20
BATCH = 500


def signature(text):
    """The MinHash of the text's five-word shingles, case and accents ignored."""
    words = fold(text).split()
    shingles = {" ".join(words[n : n + SHINGLE_WORDS]) for n in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    minhash = MinHash(num_perm=BANDS * ROWS, seed=1)
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
    return minhash


def bands(minhash):
    """(band, bucket) pairs of a signature: each band's rows hashed into a 64-bit number."""
    values = minhash.hashvalues
    return [
        (
            band,
            int.from_bytes(
                hashlib.blake2b(values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).digest(),
                "big",
                signed=True,
            ),
        )
        for band in range(BANDS)
    ]


def store_bands(announcements):
    """Write the bands of these announcements anew, a batch at a time (their bodies are read as they come)."""
    rewrite_worked_out(
        AnnouncementBand,
        announcements,
        lambda announcement: (
            AnnouncementBand(announcement=announcement, band=band, bucket=bucket)
            for band, bucket in bands(signature(announcement.body))
        ),
        BATCH,
    )


def store_all_bands():
    """The bands of every announcement, e.g. after loading many at once."""
    with transaction.atomic():
        AnnouncementBand.objects.all().delete()
        store_bands(Announcement.objects.only("id", "body").iterator(chunk_size=BATCH))


def nearly_the_same(text, exclude=None):
    """[(announcement, share alike)] of the stored announcements nearly the same as the text, most alike
    first (an identical one too, though imports refuse those before asking)."""
    minhash = signature(text)
    sharing = Q()
    for band, bucket in bands(minhash):
        sharing |= Q(band=band, bucket=bucket)
    ids = AnnouncementBand.objects.filter(sharing).values_list("announcement_id", flat=True).distinct()
    candidates = Announcement.objects.filter(id__in=list(ids[:MOST_CANDIDATES]))
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    found = [
        (announcement, minhash.jaccard(signature(announcement.body)))
        for announcement in candidates.only("id", "title", "slug", "body")
    ]
    return sorted([(a, alike) for a, alike in found if alike >= ALIKE], key=lambda pair: -pair[1])


def announcement_saved(sender, instance, raw=False, **kwargs):
    # A raw save loads a fixture as it is: a dump carries the bands, and load_initial_data and restore
    # load in a bulk change, which writes every announcement's bands at its end.
    if not raw and not in_bulk_changes():
        store_bands([instance])


def connect_signals():
    post_save.connect(announcement_saved, sender=Announcement, dispatch_uid="citykb-likeness-saved")
    bulk_changes_finished.connect(store_all_bands_after, dispatch_uid="citykb-likeness-bulk")


def store_all_bands_after(**kwargs):
    store_all_bands()
