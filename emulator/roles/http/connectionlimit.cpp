#include "connectionlimit.h"

namespace infrastage::http {

void ConnectionLimit::acquire() {
    ++m_open;
    if (full() && !m_reportedFull) {
        m_reportedFull = true;
        if (m_observer)
            m_observer(true);
    }
}

void ConnectionLimit::release() {
    if (m_open > 0)
        --m_open;
    // Connections held back take the free slot first: under saturation the limit stays
    // reached, and is reported once.
    for (const auto &take : m_listeners) {
        if (full())
            break;
        take();
    }
    if (!full() && m_reportedFull) {
        m_reportedFull = false;
        if (m_observer)
            m_observer(false);
    }
}

} // namespace infrastage::http
