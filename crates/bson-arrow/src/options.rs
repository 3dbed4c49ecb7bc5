//! Options shared by the decoder and schema inference, set with a builder in
//! the style of arrow-json's `ReaderBuilder`.

/// What to do with a value whose BSON type does not fit its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConflictPolicy {
    /// Fail with [`crate::Error::TypeConflict`] naming the field path, the
    /// document and both types. The default: no data is lost silently.
    #[default]
    Error,
    /// Store null instead (PyMongoArrow's `allow_invalid`). Conflicts are
    /// counted by column in [`crate::Decoder::report`]. Schema inference
    /// gives a field of irreconcilable types the type most of its values
    /// have, so the fewest are nulled.
    Null,
    /// Store the value as its plain text (`2.2`, `4`, 24 hex digits, ISO
    /// dates; see [`crate::FieldType::Text`]) when the column holds text (a
    /// `string` column, or any Utf8 column); columns that cannot hold text
    /// get null, as with [`ConflictPolicy::Null`]. Schema inference turns a
    /// field of irreconcilable types into a `text` column, so every value is
    /// kept.
    String,
}

/// How ObjectId columns are laid out in Arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ObjectIdRepresentation {
    /// The 24-character lowercase hex string (Utf8), readable by every Arrow
    /// consumer.
    #[default]
    Hex,
    /// The 12 raw bytes as `FixedSizeBinary(12)`, tagged with
    /// `ARROW:extension:name = pymongoarrow.objectid` like PyMongoArrow.
    Binary,
}

/// How `decimal128` columns without an explicit precision are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decimal128Representation {
    /// The exact decimal string as MongoDB prints it (`"1.05E+3"`, `"NaN"`).
    #[default]
    String,
    /// The 16 raw IEEE 754-2008 BID bytes as `FixedSizeBinary(16)`, tagged
    /// `pymongoarrow.decimal128` like PyMongoArrow.
    Binary,
}

/// Options of [`crate::Decoder`] and [`crate::SchemaInferrer`].
///
/// ```
/// use bson_arrow::{ConflictPolicy, DecoderOptions, ObjectIdRepresentation};
/// let options = DecoderOptions::new()
///     .with_conflict_policy(ConflictPolicy::Null)
///     .with_object_id(ObjectIdRepresentation::Binary);
/// assert_eq!(options.conflict_policy(), ConflictPolicy::Null);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DecoderOptions {
    conflict_policy: ConflictPolicy,
    object_id: ObjectIdRepresentation,
    decimal128: Decimal128Representation,
    infer_uuid_as_string: bool,
    empty_strings_as_null: bool,
    count_nested_dropped: bool,
}

impl DecoderOptions {
    /// The defaults: errors on conflicts, hex ObjectIds, decimal strings.
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_conflict_policy(mut self, policy: ConflictPolicy) -> Self {
        self.conflict_policy = policy;
        self
    }

    pub fn with_object_id(mut self, representation: ObjectIdRepresentation) -> Self {
        self.object_id = representation;
        self
    }

    pub fn with_decimal128(mut self, representation: Decimal128Representation) -> Self {
        self.decimal128 = representation;
        self
    }

    /// Makes schema inference type binary subtype 4 fields as `uuid`
    /// (canonical UUID strings) instead of `binary`.
    pub fn with_infer_uuid_as_string(mut self, enabled: bool) -> Self {
        self.infer_uuid_as_string = enabled;
        self
    }

    /// Makes `""` count as null where the column is not text: inference
    /// ignores empty strings when it types a field (a field of numbers and
    /// `""` becomes numeric), and the decoder stores null for an `""` in a
    /// numeric (or any non-text) column, counted in the report. Off by
    /// default: an empty string is a value.
    pub fn with_empty_strings_as_null(mut self, enabled: bool) -> Self {
        self.empty_strings_as_null = enabled;
        self
    }

    /// Makes the decoder count, at every depth, the keys of documents that
    /// the schema has no column for ([`crate::ReadReport::dropped_fields`]).
    /// Top-level keys are always counted; nested ones cost a lookup per
    /// dropped key, worth it when the schema was inferred from a sample.
    pub fn with_count_nested_dropped(mut self, enabled: bool) -> Self {
        self.count_nested_dropped = enabled;
        self
    }

    pub fn empty_strings_as_null(&self) -> bool {
        self.empty_strings_as_null
    }

    pub fn count_nested_dropped(&self) -> bool {
        self.count_nested_dropped
    }

    pub fn conflict_policy(&self) -> ConflictPolicy {
        self.conflict_policy
    }

    pub fn object_id(&self) -> ObjectIdRepresentation {
        self.object_id
    }

    pub fn decimal128(&self) -> Decimal128Representation {
        self.decimal128
    }

    pub fn infer_uuid_as_string(&self) -> bool {
        self.infer_uuid_as_string
    }
}
