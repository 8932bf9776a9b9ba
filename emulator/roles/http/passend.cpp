#include "passend.h"

#include <QPointer>

#include <vector>

namespace infrastage::http {

namespace {

struct Held {
    QPointer<QObject> owner;
    void (*run)(QObject *);
};

thread_local bool t_enabled = false;
thread_local std::vector<Held> t_held;

} // namespace

bool writesAtPassEnd() {
    return t_enabled;
}

void atPassEnd(QObject *owner, void (*run)(QObject *)) {
    t_held.push_back({owner, run});
}

void enablePassEnd() {
    t_enabled = qgetenv("INFRASTAGE_WRITES") != "now";
}

void runPassEnd() {
    if (t_held.empty())
        return;
    thread_local std::vector<Held> now; // the two lists keep their storage between passes
    now.swap(t_held); // what runs may hold more (a write that completes another): next pass
    for (const Held &h : now)
        if (h.owner)
            h.run(h.owner.data());
    now.clear();
}

} // namespace infrastage::http
