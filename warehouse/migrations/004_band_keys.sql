-- LSH band keys as integers (warehouse/signatures.py, band_keys_of): the band's number and its 5 MinHash values
-- folded into 64 bits, k = k * M + value modulo 2^64, rebuilt from the stored signatures. HUGEINT holds each step
-- before the modulo (k < 2^64 and M < 2^63). Text keys (SHA-1 of each band, 20,000 articles a second) were most
-- of copy detection's time at a load.
DROP TABLE IF EXISTS signature_bands;

CREATE TABLE signature_bands (
    band_key    UBIGINT NOT NULL,
    article_id  VARCHAR NOT NULL
);

INSERT INTO signature_bands (band_key, article_id)
SELECT
    CAST(list_reduce(
        list_slice(signatures.minhash, band * 5 + 1, band * 5 + 5),
        (folded, value) -> (folded * 6364136223846793005 + value) % 18446744073709551616,
        CAST(band AS HUGEINT)
    ) AS UBIGINT),
    signatures.article_id
FROM article_signatures AS signatures
CROSS JOIN range(25) AS bands(band);
