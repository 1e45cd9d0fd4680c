db = db.getSiblingDB('notes');
db.createCollection('notes');
db.notes.createIndex({ owner: 1, updatedAt: -1 });
