#include "expectationcheck.h"

#include "designgateway.h"
#include "runreport.h"

#include <QTimer>

namespace infrastage::runtime {

namespace {

const QString GuestbookUrl = QStringLiteral("http://www.foobar.com/api/guestbook");

QString seconds(qint64 ns) {
    return QString::number(double(ns) / 1e9, 'f', 1) + QStringLiteral(" s");
}

} // namespace

ExpectationCheck::ExpectationCheck(DesignGateway *gateway, const LessonObservations *observations,
                                   const StepContext &context, const Expectation &expectation,
                                   QObject *parent)
    : QObject(parent)
    , m_gateway(gateway)
    , m_observations(observations)
    , m_context(context)
    , m_expectation(expectation)
    , m_retry(new QTimer(this)) {
    m_retry->setSingleShot(true);
    m_retry->setInterval(RetryMs);
    connect(m_retry, &QTimer::timeout, this, &ExpectationCheck::evaluate);
    connect(m_gateway, &DesignGateway::requestFinished, this,
            [this](int id, const Walkthrough &w, const Walkthrough &) {
                if (id != m_probeId)
                    return;
                const int status = w.client().status;
                m_probeOk += status >= 200 && status < 300 ? 1 : 0;
                m_probeLast = w.client().error.isEmpty() ? QStringLiteral("status %1").arg(status)
                                                         : w.client().error;
                probeNext();
            });
    connect(m_gateway, &DesignGateway::requestFailed, this, [this](int id, const QString &why) {
        if (id != m_probeId)
            return;
        m_probeLast = why;
        probeNext();
    });
}

void ExpectationCheck::start() {
    m_clock.start();
    evaluate();
}

void ExpectationCheck::evaluate() {
    if (m_expectation.kind == ExpectationKind::Writes ||
        m_expectation.kind == ExpectationKind::Reads) {
        probe();
        return;
    }
    bool held = false;
    QString measured;
    evaluateNow(&held, &measured);
    evaluated(held, measured);
}

void ExpectationCheck::evaluated(bool held, const QString &measured) {
    if (!held && m_clock.elapsed() < qint64(m_expectation.within * 1000)) {
        m_retry->start();
        return;
    }
    emit done({m_expectation.text, m_expectation.line, held, measured});
}

void ExpectationCheck::evaluateNow(bool *held, QString *measured) const {
    const Expectation &e = m_expectation;
    const Walkthrough::Client &client = m_context.walkthrough.client();
    const bool requestKind = e.kind == ExpectationKind::Status ||
                             e.kind == ExpectationKind::ServedBy ||
                             e.kind == ExpectationKind::RequestFails;
    if (requestKind && !m_context.sentRequest) {
        *measured = QStringLiteral("this step sent no request");
        return;
    }
    const QString answer = !m_context.requestError.isEmpty() ? m_context.requestError
                           : !client.error.isEmpty()
                               ? client.error
                               : QStringLiteral("status %1").arg(client.status);
    switch (e.kind) {
    case ExpectationKind::Status:
        *held = m_context.requestError.isEmpty() && client.status == e.number;
        *measured = answer;
        return;
    case ExpectationKind::ServedBy: {
        const QString server = RunReport::serverOf(client.servedBy);
        *held = !server.isEmpty() && server == e.subject;
        *measured = server.isEmpty() ? answer + QStringLiteral(", no X-Served-By")
                                     : QStringLiteral("served by %1").arg(server);
        return;
    }
    case ExpectationKind::RequestFails:
        *held =
            !m_context.requestError.isEmpty() || !client.error.isEmpty() || client.status >= 500;
        *measured = answer;
        return;
    case ExpectationKind::Backend: {
        const LessonObservations::Health *h = m_observations->health(e.subject);
        *held = h && h->state == e.state;
        if (!h)
            *measured = QStringLiteral("no health-check transition of %1 seen").arg(e.subject);
        else
            *measured = QStringLiteral("%1 (%2), %3 after the step began")
                            .arg(h->state, h->check, seconds(h->t - m_context.startNs));
        return;
    }
    case ExpectationKind::ReplicaBehind: {
        const LessonObservations::Lag *lag = m_observations->lag(e.subject);
        *held = lag && lag->maxBehindTxns > 0;
        *measured = lag ? QStringLiteral("up to %1 transactions and %2 ms behind")
                              .arg(lag->maxBehindTxns)
                              .arg(lag->maxBehindMs)
                        : QStringLiteral("no replication.lag from %1 seen").arg(e.subject);
        return;
    }
    case ExpectationKind::Vrrp: {
        const LessonObservations::Vrrp *v = m_observations->vrrp(e.subject);
        *held = v && v->state == e.state;
        if (!v)
            *measured = QStringLiteral("no vrrp.state from %1 seen").arg(e.subject);
        else
            *measured =
                QStringLiteral("%1 is %2 since %3 (%4)%5")
                    .arg(e.subject, v->state,
                         v->t >= m_context.startNs ? seconds(v->t - m_context.startNs) +
                                                         QStringLiteral(" after the step began")
                                                   : QStringLiteral("before the step"),
                         v->reason,
                         v->holdsVip ? QStringLiteral(", holds the VIP")
                                     : QStringLiteral(", does not hold the VIP"));
        return;
    }
    case ExpectationKind::NodeStatus: {
        const QString status = nodeStatusName(m_gateway->nodeStatus(e.subject));
        *held = status == e.state;
        *measured = QStringLiteral("%1 is %2").arg(e.subject, status);
        return;
    }
    case ExpectationKind::Writes:
    case ExpectationKind::Reads:
        return; // probes: probe()
    }
}

void ExpectationCheck::probe() {
    m_probeSent = 0;
    m_probeOk = 0;
    probeNext();
}

void ExpectationCheck::probeNext() {
    m_probeId = 0;
    const bool writes = m_expectation.kind == ExpectationKind::Writes;
    if (m_probeSent == ProbeRequests) {
        // Succeed: at least 4 of 5 answered 2xx; fail: at most 1 of 5.
        const bool held = m_expectation.succeed ? m_probeOk >= ProbeRequests - 1 : m_probeOk <= 1;
        evaluated(held, QStringLiteral("%1 of %2 %3 succeeded (last: %4)")
                            .arg(m_probeOk)
                            .arg(ProbeRequests)
                            .arg(writes ? QStringLiteral("writes") : QStringLiteral("reads"),
                                 m_probeLast));
        return;
    }
    RequestSpec spec;
    spec.url = GuestbookUrl;
    spec.userAgent = "infrastage lesson probe";
    if (writes) {
        spec.method = "POST";
        spec.body = QStringLiteral(R"({"author":"lesson","message":"probe %1"})")
                        .arg(++m_probeSent)
                        .toUtf8();
    } else {
        ++m_probeSent;
    }
    QString error;
    m_probeId = m_gateway->sendRequest(spec, &error);
    if (m_probeId == 0) {
        m_probeLast = error;
        QTimer::singleShot(0, this, &ExpectationCheck::probeNext);
    }
}

} // namespace infrastage::runtime
