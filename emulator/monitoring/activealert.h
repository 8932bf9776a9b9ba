#pragma once

#include "alertrule.h"

#include <QMap>
#include <QString>

namespace infrastage::monitoring {

// Where an alert stands (Prometheus' alert states).
enum class AlertState {
    Pending, // the condition holds, not yet for `for:`
    Firing,  // it held for `for:`
};

// One alert of a rule for one set of labels (one target, or none for SplitBrain).
struct ActiveAlert {
    QString rule; // the rule's name: "TargetDown"
    AlertKind kind = AlertKind::TargetDown;
    QMap<QString, QString> labels; // alertname, severity, and job/instance/node where they apply
    AlertState state = AlertState::Pending;
    qint64 activeAtMs = 0; // when the condition was first seen (monitor's clock)
    qint64 firedAtMs = 0;  // when it became Firing; 0 while Pending
    qint64 forMs = 0;
    double value = 0; // the expression's value at the last evaluation
    QString summary;  // with the labels filled in
    QString detail;   // what the monitor saw, e.g. "connection refused"
};

// An alert changed: it started firing, or it resolved (the condition no longer holds).
struct AlertTransition {
    ActiveAlert alert;
    bool firing = true; // false: resolved
    qint64 atMs = 0;
};

} // namespace infrastage::monitoring
