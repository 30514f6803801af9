//! Bytes → text: which encoding a file is in, decided from evidence, never guessed
//! silently. Windows tools write UTF-16 with a BOM; Chinese Windows tools write
//! GB18030/GBK; everything else should be UTF-8 (with or without a BOM).

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

use super::error::Reason;

/// Share of a GB18030 decoding's non-ASCII characters that must be common CJK text
/// for the decoding to be believed. Latin-1 or random bytes that happen to decode
/// as GB18030 turn into rare characters and fail this test.
const GB18030_MIN_PLAUSIBLE: f64 = 0.9;

/// How many leading bytes the UTF-16-without-BOM test looks at.
const UTF16_SNIFF_BYTES: usize = 4096;

/// Decoded text and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The WHATWG name of the encoding, e.g. "UTF-8", "UTF-16LE", "gb18030".
    pub encoding: &'static str,
}

/// Decodes `bytes`, detecting the encoding unless `forced` names one.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, Reason> {
    if let Some(encoding) = forced {
        return decode_strict(strip_bom(bytes, encoding), encoding);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_strict(&bytes[bom_len..], encoding);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return decode_strict(bytes, encoding);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Reason::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
        }),
        Err(err) => decode_gb18030(bytes).ok_or(Reason::UnknownEncoding {
            offset: err.valid_up_to(),
        }),
    }
}

/// Looks an encoding up by any of its usual labels ("utf-8", "gbk", "utf-16le").
pub fn by_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

fn strip_bom<'a>(bytes: &'a [u8], encoding: &'static Encoding) -> &'a [u8] {
    match Encoding::for_bom(bytes) {
        Some((found, len)) if found == encoding => &bytes[len..],
        _ => bytes,
    }
}

fn decode_strict(bytes: &[u8], encoding: &'static Encoding) -> Result<Decoded, Reason> {
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| Reason::InvalidForEncoding {
            encoding: encoding.name(),
            offset: first_invalid_offset(bytes, encoding),
        })?;
    if let Some(offset) = text.find('\0') {
        return Err(Reason::Binary { offset });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
}

/// Where decoding first fails, for the error message.
fn first_invalid_offset(bytes: &[u8], encoding: &'static Encoding) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(0));
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(usize::from(bad)),
        _ => read,
    }
}

/// UTF-16 without a BOM shows as text where every other byte is NUL: ASCII
/// characters in UTF-16LE are `c 0`, in UTF-16BE `0 c`.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(UTF16_SNIFF_BYTES)];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let (even_nul, odd_nul) = head.chunks_exact(2).fold((0, 0), |(even, odd), pair| {
        (
            even + usize::from(pair[0] == 0),
            odd + usize::from(pair[1] == 0),
        )
    });
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let rarely = |n: usize| n * 20 <= pairs;
    if mostly(odd_nul) && rarely(even_nul) {
        Some(UTF_16LE)
    } else if mostly(even_nul) && rarely(odd_nul) {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn decode_gb18030(bytes: &[u8]) -> Option<Decoded> {
    let text = GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
    looks_like_chinese(&text).then(|| Decoded {
        text: text.into_owned(),
        encoding: GB18030.name(),
    })
}

/// True when the non-ASCII characters are overwhelmingly the CJK ideographs and
/// punctuation that real Chinese text is made of.
fn looks_like_chinese(text: &str) -> bool {
    let (common, all) = text
        .chars()
        .filter(|c| !c.is_ascii())
        .fold((0usize, 0usize), |(common, all), c| {
            (common + usize::from(is_common_cjk(c)), all + 1)
        });
    all > 0 && common as f64 >= all as f64 * GB18030_MIN_PLAUSIBLE
}

fn is_common_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'     // CJK unified ideographs
        | '\u{3000}'..='\u{303F}'   // CJK punctuation: 、。「」
        | '\u{FF00}'..='\u{FFEF}'   // full-width forms: ：，！？
        | '\u{2010}'..='\u{2027}'   // dashes, quotes, ellipsis
        | '\u{00B7}' | '\u{00D7}'   // middle dot, multiplication sign
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str = "张经理：这周的周报我看了，进度不错。\n李娜：谢谢！";

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        encoding.encode(text).0.into_owned()
    }

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if little_endian {
                [0xFF, 0xFE]
            } else {
                [0xFE, 0xFF]
            });
        }
        for unit in text.encode_utf16() {
            out.extend(if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(ZH.as_bytes(), None).expect("utf-8");
        assert_eq!((plain.text.as_str(), plain.encoding), (ZH, "UTF-8"));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), ZH.as_bytes()].concat();
        assert_eq!(decode(&with_bom, None).expect("utf-8 bom").text, ZH);
    }

    #[test]
    fn utf16_both_byte_orders_with_bom() {
        for little in [true, false] {
            let decoded = decode(&utf16(ZH, little, true), None).expect("utf-16");
            assert_eq!(decoded.text, ZH);
            assert_eq!(
                decoded.encoding,
                if little { "UTF-16LE" } else { "UTF-16BE" }
            );
        }
    }

    #[test]
    fn utf16_without_bom_is_recognised_from_its_nul_pattern() {
        let text = "Alice: Hi Bob, ready?\r\nBob: Yes.\r\n";
        for little in [true, false] {
            assert_eq!(
                decode(&utf16(text, little, false), None)
                    .expect("utf-16")
                    .text,
                text
            );
        }
    }

    #[test]
    fn gbk_is_detected_and_decoded() {
        let bytes = encode(ZH, GB18030);
        assert!(std::str::from_utf8(&bytes).is_err());
        let decoded = decode(&bytes, None).expect("gbk");
        assert_eq!((decoded.text.as_str(), decoded.encoding), (ZH, "gb18030"));
    }

    #[test]
    fn latin1_is_refused_rather_than_misread_as_gbk() {
        let latin1 = b"Ren\xE9: We need the r\xE9sum\xE9 by Friday, Zo\xEB.\nZo\xEB: S\xFCre.";
        let err = decode(latin1, None).expect_err("latin-1 is not supported");
        assert!(
            matches!(err, Reason::UnknownEncoding { offset: 3 }),
            "{err:?}"
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert!(matches!(decode(png, None), Err(Reason::Binary { .. })));
    }

    #[test]
    fn forced_encoding_is_strict() {
        let gbk = encode(ZH, GB18030);
        let err = decode(&gbk, by_label("utf-8")).expect_err("gbk is not utf-8");
        assert_eq!(
            err,
            Reason::InvalidForEncoding {
                encoding: "UTF-8",
                offset: 0
            }
        );
        assert_eq!(decode(&gbk, by_label("gbk")).expect("forced gbk").text, ZH);
    }
}
