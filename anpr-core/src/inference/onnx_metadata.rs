//! The custom metadata (`metadata_props`) of an ONNX model, read from the model's bytes. ONNX Runtime exposes it
//! through its session, tract does not; reading the bytes gives both backends the same contract check.

use prost::Message;

/// The one field of ONNX's `ModelProto` needed here; prost skips all others (the graph included) unread.
#[derive(Clone, PartialEq, Message)]
struct ModelProto {
    #[prost(message, repeated, tag = "14")]
    metadata_props: Vec<StringStringEntryProto>,
}

/// ONNX's `StringStringEntryProto`.
#[derive(Clone, PartialEq, Message)]
struct StringStringEntryProto {
    #[prost(string, tag = "1")]
    key: String,
    #[prost(string, tag = "2")]
    value: String,
}

/// The value of the metadata entry `key`, `Ok(None)` when the model has none, or an error when the bytes are not
/// a well-formed ONNX protobuf.
pub(crate) fn custom_metadata(model: &[u8], key: &str) -> Result<Option<String>, prost::DecodeError> {
    let proto = ModelProto::decode(model)?;
    Ok(proto.metadata_props.into_iter().find(|e| e.key == key).map(|e| e.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model_with(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut bytes = Vec::new();
        // An unknown field before the metadata (ir_version = 9, field 1 varint) must be skipped.
        bytes.extend_from_slice(&[0x08, 0x09]);
        let props =
            entries.iter().map(|(k, v)| StringStringEntryProto { key: (*k).into(), value: (*v).into() }).collect();
        ModelProto { metadata_props: props }.encode(&mut bytes).expect("a Vec grows");
        bytes
    }

    #[test]
    fn finds_a_key_among_others() {
        let bytes = model_with(&[("anpr.version", "0.2.0"), ("anpr.alphabet", "0123456789ABC")]);
        assert_eq!(custom_metadata(&bytes, "anpr.alphabet").expect("well-formed").as_deref(), Some("0123456789ABC"));
        assert_eq!(custom_metadata(&bytes, "missing").expect("well-formed"), None);
    }

    #[test]
    fn the_bundled_recognizer_declares_its_alphabet() {
        let alphabet =
            custom_metadata(crate::models::RECOGNIZER, "anpr.alphabet").expect("well-formed").expect("declared");
        assert!(alphabet.contains('A') && alphabet.contains('9'), "{alphabet}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(custom_metadata(&[0xff, 0xff, 0xff], "k").is_err());
        assert!(custom_metadata(b"\x72\x10", "k").is_err(), "a length past the end");
        assert_eq!(custom_metadata(&[], "k").expect("empty is well-formed"), None);
    }
}
