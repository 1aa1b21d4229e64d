// Timers for automatic refreshes. Each timer runs its job, waits for it, then waits its
// interval again (never two at once). While the tab is hidden nothing is fetched; a job
// that fell due meanwhile runs as soon as the tab is visible again.

const MIN_SECONDS = 5;

export class RefreshSchedule {
  constructor() {
    this.jobs = [];
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) return;
      for (const job of this.jobs) {
        if (job.due) this.run(job);
      }
    });
  }

  /** Run `task` (which may return a promise) every `seconds`. */
  every(seconds, task) {
    const job = { milliseconds: Math.max(seconds, MIN_SECONDS) * 1000, task, timer: null, due: false, running: false };
    this.jobs.push(job);
    this.wait(job);
  }

  wait(job) {
    clearTimeout(job.timer);
    job.timer = setTimeout(() => this.run(job), job.milliseconds);
  }

  async run(job) {
    if (document.hidden) {
      job.due = true;
      return;
    }
    if (job.running) return;
    job.due = false;
    job.running = true;
    clearTimeout(job.timer);
    try {
      await job.task();
    } finally {
      job.running = false;
      this.wait(job);
    }
  }
}
