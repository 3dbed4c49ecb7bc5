//! State shared between the JS thread and the libuv pool, and running work
//! on the pool with failures as values.

use std::sync::{Arc, Mutex, MutexGuard};

use napi::bindgen_prelude::{AsyncTask, ToNapiValue, TypeName};
use napi::{Env, Task};

use crate::error::{catch_panic, Failure};

/// One reader's (or inference's) state. The TypeScript layer awaits each
/// call before the next, so the lock is never contended there.
pub type Shared<S> = Arc<Mutex<S>>;

pub fn shared<S>(state: S) -> Shared<S> {
    Arc::new(Mutex::new(state))
}

/// A panic during work poisons the lock and may have left a row half
/// written, so poisoned state refuses all further work.
pub fn lock<S>(shared: &Shared<S>) -> Result<MutexGuard<'_, S>, Failure> {
    shared
        .lock()
        .map_err(|_| Failure::internal("unusable after an internal error"))
}

/// Work for the libuv pool: `work` runs there (a panic becomes an
/// `INTERNAL` failure rather than unwinding into libuv), `into_js` turns its
/// result into the outcome object on the JS thread.
pub struct PoolTask<T, J> {
    work: Option<Box<dyn FnOnce() -> Result<T, Failure> + Send>>,
    into_js: fn(Result<T, Failure>) -> J,
}

pub fn pool_task<T, J>(
    work: impl FnOnce() -> Result<T, Failure> + Send + 'static,
    into_js: fn(Result<T, Failure>) -> J,
) -> AsyncTask<PoolTask<T, J>>
where
    PoolTask<T, J>: Task,
{
    AsyncTask::new(PoolTask {
        work: Some(Box::new(work)),
        into_js,
    })
}

impl<T: Send + 'static, J: ToNapiValue + TypeName> Task for PoolTask<T, J> {
    type Output = Result<T, Failure>;
    type JsValue = J;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let work = self.work.take();
        Ok(catch_panic(move || match work {
            Some(work) => work(),
            None => Err(Failure::internal("a pool task ran twice")),
        }))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok((self.into_js)(output))
    }
}
