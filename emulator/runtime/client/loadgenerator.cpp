#include "loadgenerator.h"

#include <QTimer>

#include <cmath>
#include <limits>

namespace infrastage::runtime {

LoadGenerator::LoadGenerator(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options) {
    m_options.requests = qMax(0, m_options.requests);
    m_options.concurrency = qBound(1, m_options.concurrency,
                                   m_options.untilStopped ? 1000 : qMax(1, m_options.requests));
}

void LoadGenerator::start() {
    if (m_options.untilStopped)
        m_options.requests = std::numeric_limits<int>::max();
    m_clock.start();
    if (m_options.requests == 0) {
        QTimer::singleShot(0, this, &LoadGenerator::finished);
        return;
    }
    for (int i = 0; i < m_options.concurrency; ++i) {
        Worker w;
        w.connection = new HttpClientConnection(m_options.address, m_options.port, this);
        w.connection->setTimeoutMs(m_options.timeoutMs);
        if (!m_options.tlsPeerName.isEmpty())
            w.connection->setTls(m_options.trusted, m_options.tlsPeerName);
        connect(w.connection, &HttpClientConnection::finished, this,
                [this, i](const HttpClientConnection::Response &r) {
                    Result res;
                    res.status = r.status;
                    res.servedBy = QString::fromUtf8(r.header("x-served-by"));
                    complete(i, res);
                });
        connect(w.connection, &HttpClientConnection::failed, this,
                [this, i](const QString &error, bool noBytes, bool reused) {
                    Worker &w = m_workers[i];
                    if (noBytes && reused && !w.retried) {
                        w.retried = true;
                        issue(i);
                        return;
                    }
                    Result res;
                    res.error = error;
                    res.failure = m_workers[i].connection->lastFailure();
                    complete(i, res);
                });
        m_workers.append(w);
    }
    for (int i = 0; i < m_workers.size(); ++i)
        next(i);
}

void LoadGenerator::stop() {
    if (m_stopping)
        return;
    m_stopping = true;
    if (m_inFlight == 0) {
        m_elapsedNs = m_clock.nsecsElapsed();
        QTimer::singleShot(0, this, &LoadGenerator::finished);
    }
}

void LoadGenerator::next(int worker) {
    if (m_nextIndex >= m_options.requests || m_stopping)
        return;
    Worker &w = m_workers[worker];
    w.index = m_nextIndex++;
    w.retried = false;
    if (m_options.rate > 0) {
        const qint64 due = qint64(std::llround(double(w.index) * 1e9 / m_options.rate));
        const qint64 wait = due - m_clock.nsecsElapsed();
        if (wait > 0) {
            QTimer::singleShot(int(wait / 1000000), Qt::PreciseTimer, this,
                               [this, worker] { issue(worker); });
            return;
        }
    }
    issue(worker);
}

void LoadGenerator::issue(int worker) {
    Worker &w = m_workers[worker];
    if (m_stopping && !w.retried)
        return; // a paced request due after stop()
    if (!w.retried || w.sentAt == 0) {
        ++m_inFlight;
        w.sentAt = m_clock.nsecsElapsed();
    }
    w.connection->send(
        "GET", m_options.path,
        {{"Host", m_options.host}, {"User-Agent", "infrastage-cli"}, {"Accept", "*/*"}});
}

void LoadGenerator::complete(int worker, const Result &partial) {
    Worker &w = m_workers[worker];
    Result r = partial;
    r.startNs = w.sentAt;
    r.latencyNs = m_clock.nsecsElapsed() - w.sentAt;
    r.retried = w.retried;
    w.sentAt = 0;
    ++m_completed;
    --m_inFlight;
    emit completed(r);
    if (m_completed == m_options.requests || (m_stopping && m_inFlight == 0)) {
        m_elapsedNs = m_clock.nsecsElapsed();
        emit finished();
        return;
    }
    next(worker);
}

} // namespace infrastage::runtime
