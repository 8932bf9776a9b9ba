#pragma once

#include "lesson.h"
#include "lessonobservations.h"
#include "lessonresult.h"
#include "walkthrough.h"

#include <QElapsedTimer>
#include <QObject>

class QTimer;

namespace infrastage::runtime {

class DesignGateway;

// What a step's action left for its expectations: the request it sent, when it began.
struct StepContext {
    bool sentRequest = false;
    Walkthrough walkthrough;
    QString requestError; // the request could not be answered at all
    qint64 startNs = 0;   // when the step began (CLOCK_MONOTONIC)
};

// Checks one expectation against the running design, asynchronously: at once, or again every
// RetryMs until it holds or its `within` seconds are over. Probes (reads, writes) send
// ProbeRequests real requests through the gateway. `done` once; then it may be deleted.
class ExpectationCheck final : public QObject {
    Q_OBJECT

public:
    static constexpr int ProbeRequests = 5;
    static constexpr int RetryMs = 200;

    ExpectationCheck(DesignGateway *gateway, const LessonObservations *observations,
                     const StepContext &context, const Expectation &expectation,
                     QObject *parent = nullptr);
    void start();

signals:
    void done(const infrastage::runtime::ExpectationResult &result);

private:
    void evaluate();
    void evaluated(bool held, const QString &measured);
    void evaluateNow(bool *held, QString *measured) const; // everything but probes
    void probe();
    void probeNext();

    DesignGateway *m_gateway;
    const LessonObservations *m_observations;
    StepContext m_context;
    Expectation m_expectation;
    QElapsedTimer m_clock;
    QTimer *m_retry;
    int m_probeId = 0;
    int m_probeSent = 0;
    int m_probeOk = 0;
    QString m_probeLast; // the last probe answer ("status 500", the error)
};

} // namespace infrastage::runtime
