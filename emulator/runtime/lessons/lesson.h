#pragma once

#include "fault.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariant>

namespace infrastage::runtime {

// What a lesson step does (docs/lessons.md: the lesson file format).
enum class LessonActionKind {
    None,    // the step only checks its expectations
    Request, // one request through the design (its walkthrough)
    Load,    // start a load at `rate` requests/s for `seconds`; the step goes on at once
    Fault,   // kill, freeze, resume, slow, restart, promote a node; cut or heal a link
    Wait,    // let `seconds` pass
};

struct LessonAction {
    LessonActionKind kind = LessonActionKind::None;
    QByteArray method = "GET"; // Request
    QString url;               // Request, Load
    QByteArray body;           // Request
    double rate = 0;           // Load
    double seconds = 0;        // Load, Wait
    Fault fault;               // Fault

    QString describe() const; // "GET http://www.foobar.com/", "kill server-1-web", ...
};

// What an expectation checks against the real run.
enum class ExpectationKind {
    Status,        // the step's request answered with `number` (a status code)
    ServedBy,      // the step's request was served by `subject` (a server, from X-Served-By)
    RequestFails,  // the step's request got no answer, or a 5xx
    Writes,        // a probe of POST /api/guestbook: `succeed` or not (share of the probe)
    Reads,         // a probe of GET /api/guestbook
    Backend,       // the load balancer reports backend `subject` turned `state` (UP / DOWN)
    ReplicaBehind, // replica `subject` reports behind_txns > 0 (replication.lag)
    NodeStatus,    // node `subject` has status `state` ("down", "frozen", "up", ...)
    Vrrp,          // load balancer `subject` of a pair is VRRP `state` (MASTER / BACKUP)
};

struct Expectation {
    ExpectationKind kind = ExpectationKind::Status;
    QString subject;
    QString state;
    int number = 0;
    bool succeed = true;
    double within = 0; // seconds to wait for it to hold (0: checked once, now)
    int line = 0;      // where it is in the lesson file
    QString text;      // as written

    QString describe() const { return text; }
};

struct LessonStep {
    QString caption;
    LessonAction action;
    QList<Expectation> expectations;
    int line = 0;
};

// A lesson: a design, a few property overrides, and steps played in order.
struct Lesson {
    QString title;
    QString design; // the design file, absolute (resolved against the lesson file's folder)
    struct Override {
        QString node;
        QString property;
        QVariant value;
    };
    QList<Override> overrides; // applied to the design before it starts
    QList<LessonStep> steps;
};

} // namespace infrastage::runtime
