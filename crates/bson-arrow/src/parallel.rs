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

/// One framed document: where it lies in the push's bytes, where in the stream.
#[derive(Clone, Copy)]
pub(crate) struct Framed {
    pub at: usize,
    pub len: usize,
    pub offset: usize,
}

/// The documents of one push, framed.
pub(crate) struct FramedPush<'a> {
    pub bytes: &'a [u8],
    /// The document the previous push cut off, completed by this one: it
    /// comes first.
    pub carried: Option<(Vec<u8>, usize)>,
    pub documents: Vec<Framed>,
}

impl FramedPush<'_> {
    pub fn len(&self) -> usize {
        usize::from(self.carried.is_some()) + self.documents.len()
    }

    /// The `i`th document of the push and its stream offset.
    fn document(&self, i: usize) -> (&[u8], usize) {
        let i = match &self.carried {
            Some((bytes, offset)) if i == 0 => return (bytes, *offset),
            Some(_) => i - 1,
            None => i,
        };
        let Framed { at, len, offset } = self.documents[i];
        (&self.bytes[at..at + len], offset)
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

    /// Decodes `push` as a sequential reader with `main` as its decoder and
    /// `rows_per_batch` would; returns the batches that filled up.
    pub fn decode(
        &mut self,
        main: &mut Decoder,
        push: &FramedPush<'_>,
        rows_per_batch: usize,
    ) -> Result<Vec<RecordBatch>> {
        let count = push.len();
        let cuts = cuts(main, push, rows_per_batch);
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
            range
                .map(|i| push.document(i))
                .try_for_each(|(document, offset)| decoder.decode_document(document, offset))?;
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

/// Where a sequential reader would flush, as document indices of the push:
/// a flush happens before each index listed (`count` for a flush after the
/// last document).
fn cuts(main: &Decoder, push: &FramedPush<'_>, rows_per_batch: usize) -> Vec<usize> {
    let (mut rows, mut bytes) = (main.buffered_rows(), main.buffered_bytes());
    let mut cuts = Vec::new();
    for i in 0..push.len() {
        let len = push.document(i).0.len();
        // The same two rules as `Reader::push`, in the same order.
        if rows > 0 && bytes + len > MAX_BATCH_BYTES {
            cuts.push(i);
            (rows, bytes) = (0, 0);
        }
        rows += 1;
        bytes += len;
        if rows >= rows_per_batch {
            cuts.push(i + 1);
            (rows, bytes) = (0, 0);
        }
    }
    cuts
}
