#pragma once

#include <QCborArray>
#include <QJsonObject>

namespace infrastage::db {

class DbStore;

// Split brain made visible: given the primary's (seq, origin) history around the point where a
// replica's position stopped matching, finds the last common transaction and lists the
// transactions only this server has and those only the primary has. Nothing is merged.
namespace DivergenceReport {

QJsonObject build(DbStore *store, const QCborArray &primaryHistory, const QString &primaryId);

} // namespace DivergenceReport

} // namespace infrastage::db
