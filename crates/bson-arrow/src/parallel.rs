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
use crate::record::{BatchLimits, Decoder};
use crate::schema::SchemaSpec;
use crate::walk::for_each_concatenated_document;

/// Where a sequential reader would flush inside a push: before the
/// `index`th document of the push, which starts at byte `at` of its bytes.
/// A [`Job`] runs from one cut to the next, the push's start and end
/// counting as cuts.
#[derive(Clone, Copy, Debug)]
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

/// The documents from one cut to the next, decoded by one thread into one
/// decoder; `flush` when a batch ends at `to`.
#[derive(Clone, Copy, Debug)]
struct Job {
    from: Cut,
    to: Cut,
    flush: bool,
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

    /// The push as jobs, in document order: the first completes the batch
    /// the reader had begun, each one after it up to the last cut decodes a
    /// whole batch, and a last one, if documents follow the last cut, begins
    /// the next batch (it does not flush).
    fn jobs(&self) -> Vec<Job> {
        let start = Cut {
            index: 0,
            at: self.first_at,
        };
        let end = Cut {
            index: self.documents,
            at: self.end_at,
        };
        let mut jobs = Vec::with_capacity(self.cuts.len() + 1);
        let mut from = start;
        for &to in &self.cuts {
            jobs.push(Job {
                from,
                to,
                flush: true,
            });
            from = to;
        }
        if from.index < end.index || jobs.is_empty() {
            jobs.push(Job {
                from,
                to: end,
                flush: false,
            });
        }
        jobs
    }

    /// Calls `visit(document, stream offset)` for the documents of `job`.
    fn for_each(&self, job: Job, mut visit: impl FnMut(&[u8], usize) -> Result<()>) -> Result<()> {
        if job.from.index == job.to.index {
            return Ok(());
        }
        if let (0, Some((document, offset))) = (job.from.index, &self.carried) {
            visit(document, *offset)?;
        }
        let base = self.base + job.from.at;
        for_each_concatenated_document(&self.bytes[job.from.at..job.to.at], |document, at| {
            visit(document, base + at)
        })?;
        Ok(())
    }
}

/// Finds, as documents are framed, where a sequential reader with `main` as
/// its decoder would flush, by the same [`BatchLimits`] as `Reader::push`.
pub(crate) struct Cutter {
    rows: usize,
    bytes: usize,
    limits: BatchLimits,
}

impl Cutter {
    pub fn new(main: &Decoder, limits: BatchLimits) -> Self {
        Self {
            rows: main.buffered_rows(),
            bytes: main.buffered_bytes(),
            limits,
        }
    }

    /// Takes the push's next document, of `len` bytes; `at` is where it
    /// starts in the push's bytes and `end` where the one after it starts
    /// (both `push.first_at` for the carried document).
    pub fn document(&mut self, push: &mut FramedPush<'_>, len: usize, at: usize, end: usize) {
        let index = push.documents;
        if BatchLimits::full_before(self.rows, self.bytes, len) {
            push.cuts.push(Cut { index, at });
            (self.rows, self.bytes) = (0, 0);
        }
        self.rows += 1;
        self.bytes += len;
        push.documents += 1;
        push.end_at = end;
        if self.limits.full_after(self.rows) {
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
        let first = main.documents_seen();
        let jobs = push.jobs();
        // A push without a whole batch is decoded on the calling thread alone.
        let participants = self.threads.min(jobs.len());
        while self.twins.len() < participants {
            let mut twin = Decoder::with_options(self.spec.clone(), self.options);
            twin.share_schema(main.schema());
            self.twins.push(twin);
        }

        let next = AtomicUsize::new(0);
        // The lowest job that failed: later ones need not run.
        let failed_at = AtomicUsize::new(usize::MAX);
        let main = Mutex::new(Some(main));
        let decode_job = |decoder: &mut Decoder, job: Job| -> JobResult {
            decoder.set_documents_seen(first + job.from.index);
            push.for_each(job, |document, offset| {
                decoder.decode_document(document, offset)
            })?;
            if job.flush {
                decoder.flush()
            } else {
                Ok(None)
            }
        };
        let run = |twin: &mut Decoder| -> Vec<(usize, JobResult)> {
            let mut done = Vec::new();
            loop {
                let job = next.fetch_add(1, Ordering::Relaxed);
                if job >= jobs.len() {
                    return done;
                }
                if job > failed_at.load(Ordering::Relaxed) {
                    continue;
                }
                let result = if job == 0 {
                    // Only job 0 takes the reader's decoder, and gives it back.
                    let taken = main.lock().ok().and_then(|mut slot| slot.take());
                    let Some(decoder) = taken else { continue };
                    let result = decode_job(&mut *decoder, jobs[job]);
                    if let Ok(mut slot) = main.lock() {
                        *slot = Some(decoder);
                    }
                    result
                } else {
                    decode_job(twin, jobs[job])
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
        let mut results: Vec<Option<JobResult>> = jobs.iter().map(|_| None).collect();
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

        let mut batches = Vec::with_capacity(jobs.len());
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
        // Job 0 decodes into `main`; a later job that does not flush began the next batch.
        if jobs.len() > 1 && jobs.last().is_some_and(|job| !job.flush) {
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
