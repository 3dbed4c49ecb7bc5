//! Decoding one push of concatenated documents on several threads, with the
//! result one thread would have had: the same record batches, row for row,
//! the same report, and on failure the error of the first failing document.
//!
//! The push is framed first (length prefixes only, a few ns per document),
//! and the documents are cut where a sequential [`crate::Reader`] would
//! flush a record batch. Each whole batch is then decoded by a twin decoder
//! (same schema, same options) on whichever thread is free; the documents
//! that complete the batch the reader had begun go to the reader's own
//! decoder, and those after the last cut to a twin that becomes the reader's
//! decoder, so that they wait for the next push as they would have. The
//! reports of twin decoders add up (see [`Tally`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use arrow_array::RecordBatch;

use crate::decoder::Tally;
use crate::error::{Error, Result};
use crate::options::DecoderOptions;
use crate::record::{Decoder, MAX_BATCH_BYTES};
use crate::schema::SchemaSpec;
use crate::walk::for_each_concatenated_document;

/// Where a sequential reader would flush inside a push: before the
/// `index`th document of the push, which starts at byte `at` of its bytes.
#[derive(Clone, Copy)]
pub(crate) struct Cut {
    index: usize,
    at: usize,
}

/// The documents of one push, framed: only the cuts are listed, so framing
/// keeps no entry per document and each job re-frames its own bytes.
pub(crate) struct FramedPush<'a> {
    pub bytes: &'a [u8],
    /// The stream offset of `bytes[0]`.
    pub base: usize,
    /// The document the previous push cut off, completed by this one, and
    /// its stream offset: it comes first.
    pub carried: Option<(Vec<u8>, usize)>,
    /// Where in `bytes` the first document after `carried` starts.
    pub first_at: usize,
    /// Where the last whole document ends.
    pub end_at: usize,
    pub documents: usize,
    pub cuts: Vec<Cut>,
}

impl<'a> FramedPush<'a> {
    pub fn new(bytes: &'a [u8], base: usize) -> Self {
        Self {
            bytes,
            base,
            carried: None,
            first_at: 0,
            end_at: 0,
            documents: 0,
            cuts: Vec::new(),
        }
    }

    /// Calls `visit(document, stream offset)` for the documents
    /// `range.start..range.end` of the push, both ends being 0, a cut's index
    /// or `documents`.
    fn for_each(
        &self,
        range: std::ops::Range<usize>,
        mut visit: impl FnMut(&[u8], usize) -> Result<()>,
    ) -> Result<()> {
        if range.is_empty() {
            return Ok(());
        }
        let position = |index: usize| match index {
            0 => self.first_at,
            i if i == self.documents => self.end_at,
            i => self
                .cuts
                .iter()
                .find(|cut| cut.index == i)
                .map_or(self.end_at, |cut| cut.at),
        };
        if let (0, Some((document, offset))) = (range.start, &self.carried) {
            visit(document, *offset)?;
        }
        let (from, to) = (position(range.start), position(range.end));
        let base = self.base + from;
        for_each_concatenated_document(&self.bytes[from..to], |document, at| {
            visit(document, base + at)
        })?;
        Ok(())
    }
}

/// Finds, as documents are framed, where a sequential reader with `main` as
/// its decoder would flush: the same two rules as `Reader::push`, in the
/// same order.
pub(crate) struct Cutter {
    rows: usize,
    bytes: usize,
    rows_per_batch: usize,
}

impl Cutter {
    pub fn new(main: &Decoder, rows_per_batch: usize) -> Self {
        Self {
            rows: main.buffered_rows(),
            bytes: main.buffered_bytes(),
            rows_per_batch,
        }
    }

    /// Takes the push's next document, of `len` bytes; `at` is where it
    /// starts in the push's bytes and `end` where the one after it starts
    /// (both `push.first_at` for the carried document).
    pub fn document(&mut self, push: &mut FramedPush<'_>, len: usize, at: usize, end: usize) {
        let index = push.documents;
        if self.rows > 0 && self.bytes + len > MAX_BATCH_BYTES {
            push.cuts.push(Cut { index, at });
            (self.rows, self.bytes) = (0, 0);
        }
        self.rows += 1;
        self.bytes += len;
        push.documents += 1;
        push.end_at = end;
        if self.rows >= self.rows_per_batch {
            push.cuts.push(Cut {
                index: index + 1,
                at: end,
            });
            (self.rows, self.bytes) = (0, 0);
        }
    }
}

/// The twin decoders of a read and how many threads may decode.
pub(crate) struct Workers {
    spec: SchemaSpec,
    options: DecoderOptions,
    threads: usize,
    twins: Vec<Decoder>,
}

/// What a job did: a flushed batch, or for the trailing job nothing yet.
type JobResult = Result<Option<RecordBatch>>;

impl Workers {
    pub fn new(spec: SchemaSpec, options: DecoderOptions, threads: usize) -> Self {
        Self {
            spec,
            options,
            threads: threads.max(1),
            twins: Vec::new(),
        }
    }

    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The twins' counts, to add to the reader's decoder's.
    pub fn tally_into(&self, tally: &mut Tally) {
        for twin in &self.twins {
            tally.absorb(&twin.tally());
        }
    }

    /// Decodes `push` as a sequential reader with `main` as its decoder
    /// would, flushing at `push.cuts`; returns the batches that filled up.
    pub fn decode(
        &mut self,
        main: &mut Decoder,
        push: &FramedPush<'_>,
    ) -> Result<Vec<RecordBatch>> {
        let count = push.documents;
        let cuts: Vec<usize> = push.cuts.iter().map(|cut| cut.index).collect();
        let first = main.documents_seen();
        // Job 0 completes `main`'s batch; jobs 1..=whole decode one whole
        // batch each; the last job, if any documents follow the last cut,
        // begins the next batch.
        let whole = cuts.len().saturating_sub(1);
        let trailing = cuts.last().is_some_and(|&cut| cut < count);
        let jobs = 1 + whole + usize::from(trailing);
        let range = |job: usize| match job {
            0 => 0..cuts.first().copied().unwrap_or(count),
            j if j <= whole => cuts[j - 1]..cuts[j],
            _ => cuts[whole]..count,
        };
        // A push without a whole batch is decoded on the calling thread alone.
        let participants = self.threads.min(jobs);
        while self.twins.len() < participants {
            let mut twin = Decoder::with_options(self.spec.clone(), self.options);
            twin.share_schema(main.schema());
            self.twins.push(twin);
        }

        let next = AtomicUsize::new(0);
        // The lowest job that failed: later ones need not run.
        let failed_at = AtomicUsize::new(usize::MAX);
        let main = Mutex::new(Some(main));
        let decode_job = |decoder: &mut Decoder, job: usize| -> JobResult {
            let range = range(job);
            decoder.set_documents_seen(first + range.start);
            let flush = (job == 0 && !cuts.is_empty()) || (job > 0 && job <= whole);
            push.for_each(range, |document, offset| {
                decoder.decode_document(document, offset)
            })?;
            if flush {
                decoder.flush()
            } else {
                Ok(None)
            }
        };
        let run = |twin: &mut Decoder| -> Vec<(usize, JobResult)> {
            let mut done = Vec::new();
            loop {
                let job = next.fetch_add(1, Ordering::Relaxed);
                if job >= jobs {
                    return done;
                }
                if job > failed_at.load(Ordering::Relaxed) {
                    continue;
                }
                let result = if job == 0 {
                    // Only job 0 takes the reader's decoder, and gives it back.
                    let taken = main.lock().ok().and_then(|mut slot| slot.take());
                    let Some(decoder) = taken else { continue };
                    let result = decode_job(&mut *decoder, job);
                    if let Ok(mut slot) = main.lock() {
                        *slot = Some(decoder);
                    }
                    result
                } else {
                    decode_job(twin, job)
                };
                if result.is_err() {
                    failed_at.fetch_min(job, Ordering::Relaxed);
                }
                done.push((job, result));
            }
        };
        let (mine, others) = self.twins[..participants]
            .split_first_mut()
            .expect("at least one participant");
        let mut results: Vec<Option<JobResult>> = (0..jobs).map(|_| None).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = others
                .iter_mut()
                .map(|twin| scope.spawn(|| run(twin)))
                .collect();
            let mut all = run(mine);
            for handle in handles {
                match handle.join() {
                    Ok(done) => all.extend(done),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            for (job, result) in all {
                results[job] = Some(result);
            }
        });
        let main = main
            .into_inner()
            .ok()
            .flatten()
            .expect("job 0 ran and gave the decoder back");

        let mut batches = Vec::with_capacity(whole + 1);
        for (job, result) in results.into_iter().enumerate() {
            match result {
                Some(Ok(batch)) => batches.extend(batch),
                Some(Err(error)) => {
                    main.poison();
                    return Err(error);
                }
                None => {
                    main.poison();
                    return Err(Error::Arrow(format!("parallel decoding skipped job {job}")));
                }
            }
        }
        if trailing {
            // The twin that began the next batch is the reader's decoder now.
            let holder = self
                .twins
                .iter()
                .position(|twin| twin.buffered_rows() > 0)
                .expect("the trailing job left its rows in a twin");
            std::mem::swap(main, &mut self.twins[holder]);
        }
        main.set_documents_seen(first + count);
        Ok(batches)
    }
}
