//! The snake_case code serde gives a unit enum variant (`Category::EatingDisorder` →
//! `"eating_disorder"`), read without a JSON library.
//!
//! Links and the CSV write the same codes as the directory's JSON. Going through `serde_json`
//! for them would put a JSON writer into the widget, which builds the contract without it.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

/// The code serde writes for `value`, when `value` serialises as a unit variant or a string
/// literal; `None` for anything else.
pub fn code<T: Serialize>(value: &T) -> Option<&'static str> {
    value.serialize(CodeOf).ok()
}

struct CodeOf;

#[derive(Debug)]
struct NotACode;

impl fmt::Display for NotACode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotACode {}

impl ser::Error for NotACode {
    fn custom<M: fmt::Display>(_: M) -> Self {
        NotACode
    }
}

/// Every method but `serialize_unit_variant` refuses.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ok, NotACode> {
            Err(NotACode)
        })*
    };
}

impl ser::Serializer for CodeOf {
    type Ok = &'static str;
    type Error = NotACode;
    type SerializeSeq = Impossible<&'static str, NotACode>;
    type SerializeTuple = Impossible<&'static str, NotACode>;
    type SerializeTupleStruct = Impossible<&'static str, NotACode>;
    type SerializeTupleVariant = Impossible<&'static str, NotACode>;
    type SerializeMap = Impossible<&'static str, NotACode>;
    type SerializeStruct = Impossible<&'static str, NotACode>;
    type SerializeStructVariant = Impossible<&'static str, NotACode>;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotACode> {
        Ok(variant)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<&'static str, NotACode> {
        Err(NotACode)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotACode> {
        Err(NotACode)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotACode> {
        Err(NotACode)
    }

    refuse! {
        serialize_bool(bool) -> &'static str;
        serialize_i8(i8) -> &'static str;
        serialize_i16(i16) -> &'static str;
        serialize_i32(i32) -> &'static str;
        serialize_i64(i64) -> &'static str;
        serialize_u8(u8) -> &'static str;
        serialize_u16(u16) -> &'static str;
        serialize_u32(u32) -> &'static str;
        serialize_u64(u64) -> &'static str;
        serialize_f32(f32) -> &'static str;
        serialize_f64(f64) -> &'static str;
        serialize_char(char) -> &'static str;
        serialize_str(&str) -> &'static str;
        serialize_bytes(&[u8]) -> &'static str;
        serialize_none() -> &'static str;
        serialize_unit() -> &'static str;
        serialize_unit_struct(&'static str) -> &'static str;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}
