#pragma once

#include "httpclientconnection.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>

namespace infrastage::runtime {

// Drives HTTP load at a load balancer: `concurrency` keep-alive connections, `requests` GETs in
// all (or until stop()), optionally paced to `rate` requests per second overall. Reports each
// request's status, the X-Served-By header, latency and error by `completed`, and keeps none of
// them: a load until stopped runs for hours (LoadTally adds them up).
class LoadGenerator final : public QObject {
    Q_OBJECT

public:
    struct Options {
        QString address;
        int port = 0;
        QByteArray host = "www.foobar.com";
        QByteArray path = "/";
        int requests = 100;
        bool untilStopped = false; // ignore `requests`: go on until stop()
        int concurrency = 1;
        double rate = 0; // requests per second; 0 = as fast as answers come
        int timeoutMs = 10000;
        // HTTPS when set: the certificates trusted and the name the server's must carry.
        QList<QSslCertificate> trusted;
        QString tlsPeerName;
    };
    struct Result {
        qint64 startNs = 0;   // since the load started
        qint64 latencyNs = 0; // request written -> response complete
        int status = 0;       // 0 when the request failed
        QString servedBy;
        QString error;
        HttpFailure failure = HttpFailure::None;
        bool retried = false; // resent once after a kept-alive connection closed under it
    };

    explicit LoadGenerator(const Options &options, QObject *parent = nullptr);

    void start();
    // Sends nothing more; `finished` follows once the requests under way are answered.
    void stop();
    bool isDone() const { return m_completed == m_options.requests; }
    qint64 elapsedNs() const { return m_elapsedNs; }
    qint64 sinceStartNs() const { return m_clock.nsecsElapsed(); }

signals:
    void completed(const infrastage::runtime::LoadGenerator::Result &result); // each request
    void finished();

private:
    struct Worker {
        HttpClientConnection *connection = nullptr;
        int index = -1;
        qint64 sentAt = 0;
        bool retried = false;
    };
    void next(int worker);
    void issue(int worker);
    void complete(int worker, const Result &result);

    Options m_options;
    QList<Worker> m_workers;
    QElapsedTimer m_clock;
    int m_nextIndex = 0;
    int m_completed = 0;
    int m_inFlight = 0;
    bool m_stopping = false;
    qint64 m_elapsedNs = 0;
};

} // namespace infrastage::runtime
