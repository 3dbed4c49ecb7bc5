//! One read, from BSON as it arrives to record batches of a fixed size.
//!
//! A caller pushes BSON in the form it has it — a server reply's batch, one
//! view per document of a buffer, or bytes of concatenated documents cut
//! anywhere (file chunks) — and gets back the record batches that are ready.
//! Framing and batching live here, as arrow-json's `Decoder` owns
//! `batch_size`, so that a binding makes one call per arrival.

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

use crate::decoder::ReadReport;
use crate::error::{Error, Result};
use crate::infer::{SchemaCounts, SchemaInferrer};
use crate::options::DecoderOptions;
use crate::parallel::{Cutter, FramedPush, Workers};
use crate::record::{BatchLimits, Decoder};
use crate::schema::SchemaSpec;
use crate::walk::{document_length_at, for_each_array_document};

/// Rows per record batch unless the caller asks otherwise.
pub const DEFAULT_ROWS_PER_BATCH: usize = 65_536;

/// BSON as a caller has it.
#[derive(Clone, Copy)]
pub enum Input<'a> {
    /// A server reply's `firstBatch`/`nextBatch` array (length prefix through
    /// terminator): its `count` documents after the first `skip` (which the
    /// driver already handed out).
    ReplyBatch {
        array: &'a [u8],
        skip: usize,
        count: usize,
    },
    /// Whole documents starting at `offsets` in `span`.
    Documents { span: &'a [u8], offsets: &'a [u32] },
    /// Concatenated documents, cut anywhere: a document that runs past the
    /// end is kept and completed by the next push of `Concatenated` bytes.
    Concatenated(&'a [u8]),
}

/// How far ahead of a length prefix parallel framing touches the bytes.
const LOOK_AHEAD: usize = 512;

/// Cuts input into whole documents; keeps the unfinished tail of
/// concatenated bytes for the next push.
#[derive(Default)]
pub struct Framer {
    /// The start of a document whose bytes have not all arrived yet.
    tail: Vec<u8>,
    /// Position in the concatenated stream of the next byte not in `tail`,
    /// so that errors name offsets in the whole stream (a file's offsets).
    stream_offset: usize,
}

impl Framer {
    /// Calls `visit(document, offset)` for the whole documents of `input`,
    /// at most `limit` of them; returns how many there were.
    pub fn for_each(
        &mut self,
        input: Input<'_>,
        limit: usize,
        mut visit: impl FnMut(&[u8], usize) -> Result<()>,
    ) -> Result<usize> {
        match input {
            Input::ReplyBatch { array, skip, count } => {
                for_each_array_document(array, skip, count.min(limit), visit)
            }
            Input::Documents { span, offsets } => {
                let offsets = &offsets[..offsets.len().min(limit)];
                for &start in offsets {
                    let start = start as usize;
                    let length = document_length_at(span, start)?;
                    visit(&span[start..start + length], start)?;
                }
                Ok(offsets.len())
            }
            Input::Concatenated(bytes) => self.concatenated(bytes, limit, &mut visit),
        }
    }

    fn concatenated(
        &mut self,
        bytes: &[u8],
        limit: usize,
        visit: &mut impl FnMut(&[u8], usize) -> Result<()>,
    ) -> Result<usize> {
        // `base` is the stream offset of bytes[0].
        let base = self.stream_offset;
        self.stream_offset += bytes.len();
        let (mut at, mut count) = (0, 0);
        if !self.tail.is_empty() {
            // Complete the document begun by the last push: its prefix first, then its bytes.
            let start = base - self.tail.len();
            at = 4usize.saturating_sub(self.tail.len()).min(bytes.len());
            self.tail.extend_from_slice(&bytes[..at]);
            if self.tail.len() < 4 {
                return Ok(0);
            }
            let length = prefix_length(&self.tail, start)?;
            let more = (length - self.tail.len()).min(bytes.len() - at);
            self.tail.extend_from_slice(&bytes[at..at + more]);
            at += more;
            if self.tail.len() < length {
                return Ok(0);
            }
            if limit > 0 {
                visit(&self.tail, start)?;
                count = 1;
            }
            self.tail.clear();
        }
        while at < bytes.len() && count < limit {
            let rest = &bytes[at..];
            let length = match rest.len() {
                0..4 => None,
                _ => Some(prefix_length(rest, base + at)?),
            };
            let Some(length) = length.filter(|&length| length <= rest.len()) else {
                self.tail.extend_from_slice(rest);
                break;
            };
            visit(&rest[..length], base + at)?;
            at += length;
            count += 1;
        }
        Ok(count)
    }

    /// Fails if concatenated input ended inside a document.
    pub fn finish(&self) -> Result<()> {
        if self.tail.is_empty() {
            return Ok(());
        }
        let start = self.stream_offset - self.tail.len();
        let what = if self.tail.len() < 4 {
            "its length prefix".to_string()
        } else {
            format!("its {} bytes", prefix_length(&self.tail, start)?)
        };
        Err(Error::InvalidBson {
            offset: start,
            message: format!(
                "truncated BSON: the document at byte offset {start} is cut off after {} bytes, before the end of {what}",
                self.tail.len()
            ),
        })
    }
}

/// The length prefix of the document at the start of `bytes` (at least 4 of
/// them), which begins at `offset` in the stream; too small for a document
/// means the bytes are not concatenated documents.
fn prefix_length(bytes: &[u8], offset: usize) -> Result<usize> {
    let length = i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    // The smallest document is the length itself plus the terminating zero.
    if length < 5 {
        return Err(Error::InvalidBson {
            offset,
            message: format!(
                "invalid document length {length} at byte offset {offset}: not concatenated BSON documents"
            ),
        });
    }
    Ok(length as usize)
}

/// What one push decoded: the number of documents, and the record batches
/// that filled up.
pub struct Pushed {
    pub documents: usize,
    pub batches: Vec<RecordBatch>,
}

/// Decodes one read: framing, decoding, and cutting record batches of
/// `rows_per_batch` rows (or fewer, once [`crate::MAX_BATCH_BYTES`] of BSON are in).
pub struct Reader {
    decoder: Decoder,
    framer: Framer,
    limits: BatchLimits,
    workers: Workers,
}

impl Reader {
    pub fn new(spec: SchemaSpec, options: DecoderOptions, rows_per_batch: usize) -> Self {
        Self {
            decoder: Decoder::with_options(spec.clone(), options),
            framer: Framer::default(),
            limits: BatchLimits {
                rows_per_batch: rows_per_batch.max(1),
            },
            workers: Workers::new(spec, options, 1),
        }
    }

    /// Decodes pushes of concatenated documents (file chunks, bytes in
    /// memory) on up to `threads` threads, a record batch per thread at a
    /// time, when a push holds at least one whole record batch. The batches, the report and the first
    /// error are the same as with one thread (see `parallel.rs`).
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.workers = self.workers.with_threads(threads);
        self
    }

    /// How many threads may decode a push (see [`Reader::with_threads`]).
    pub fn threads(&self) -> usize {
        self.workers.threads()
    }

    /// The Arrow schema of every batch.
    pub fn schema(&self) -> SchemaRef {
        self.decoder.schema()
    }

    /// Decodes `input`; returns the batches that filled up.
    pub fn push(&mut self, input: Input<'_>) -> Result<Pushed> {
        match input {
            Input::Concatenated(bytes)
                if self.workers.threads() > 1 && !self.decoder.is_failed() =>
            {
                self.push_parallel(bytes)
            }
            _ => self.push_sequential(input),
        }
    }

    fn push_parallel(&mut self, bytes: &[u8]) -> Result<Pushed> {
        let start = bytes.as_ptr() as usize;
        let mut push = FramedPush::new(bytes, self.framer.stream_offset);
        let mut cutter = Cutter::new(&self.decoder, self.limits);
        // Framing alone reads each length prefix only after the one before
        // it, so a walk of bytes not in cache waits on memory once per
        // document; reading a byte `LOOK_AHEAD` on lets memory fetch during
        // that wait (framing 146-byte documents: ~140 → ~30 ns each,
        // `examples/parallel_scaling.rs`). Not in the sequential path, where
        // decoding reads every byte anyway and the extra load cost ~20 %
        // on the orders shape (`examples/per_field.rs`).
        let mut ahead = 0u8;
        let framed = self.framer.for_each(
            Input::Concatenated(bytes),
            usize::MAX,
            |document, offset| {
                let at = (document.as_ptr() as usize).wrapping_sub(start);
                ahead ^= bytes.get(at.wrapping_add(LOOK_AHEAD)).copied().unwrap_or(0);
                if at < bytes.len() {
                    let end = at + document.len();
                    if push.documents == usize::from(push.carried.is_some()) {
                        push.first_at = at;
                    }
                    cutter.document(&mut push, document.len(), at, end);
                } else {
                    // The document the last push cut off, completed in the
                    // framer's buffer; the documents of `bytes` follow it.
                    push.carried = Some((document.to_vec(), offset));
                    let first = offset + document.len() - push.base;
                    push.first_at = first;
                    cutter.document(&mut push, document.len(), first, first);
                }
                Ok(())
            },
        );
        std::hint::black_box(ahead);
        let documents = push.documents;
        let batches = self.workers.decode(&mut self.decoder, &push)?;
        // A framing error follows every document framed before it.
        framed?;
        Ok(Pushed { documents, batches })
    }

    fn push_sequential(&mut self, input: Input<'_>) -> Result<Pushed> {
        let (decoder, limits) = (&mut self.decoder, self.limits);
        let mut batches = Vec::new();
        let documents = self
            .framer
            .for_each(input, usize::MAX, |document, offset| {
                if BatchLimits::full_before(
                    decoder.buffered_rows(),
                    decoder.buffered_bytes(),
                    document.len(),
                ) {
                    batches.extend(decoder.flush()?);
                }
                decoder.decode_document(document, offset)?;
                if limits.full_after(decoder.buffered_rows()) {
                    batches.extend(decoder.flush()?);
                }
                Ok(())
            })?;
        Ok(Pushed { documents, batches })
    }

    /// The last rows, once all input is in; fails if it ended inside a document.
    pub fn finish(&mut self) -> Result<Option<RecordBatch>> {
        self.framer.finish()?;
        self.decoder.flush()
    }

    /// Conversions by column and the fields the schema dropped, for the
    /// batches returned so far: complete after [`Reader::finish`].
    pub fn report(&self) -> ReadReport {
        let mut tally = self.decoder.tally();
        self.workers.tally_into(&mut tally);
        tally.into_report()
    }
}

/// Schema inference over input in the forms a [`Reader`] takes.
pub struct Inference {
    inferrer: SchemaInferrer,
    framer: Framer,
}

impl Inference {
    pub fn new(options: DecoderOptions) -> Self {
        Self {
            inferrer: SchemaInferrer::new(options),
            framer: Framer::default(),
        }
    }

    /// Learns from at most `limit` documents of `input`; returns how many.
    pub fn push(&mut self, input: Input<'_>, limit: usize) -> Result<usize> {
        let inferrer = &mut self.inferrer;
        self.framer.for_each(input, limit, |document, offset| {
            inferrer.observe_document(document, offset)
        })
    }

    /// The schema of everything pushed. A document cut off at the end of the
    /// input fails only if the sample was meant to reach it.
    pub fn finish(&self, complete: bool) -> Result<SchemaSpec> {
        if complete {
            self.framer.finish()?;
        }
        Ok(self.inferrer.schema())
    }

    /// The field counts of everything pushed (see [`SchemaInferrer::counts`]).
    pub fn counts(&self) -> SchemaCounts {
        self.inferrer.counts()
    }
}
