/**
 * The kernel declarations a patch fragment relies on but does not quote (the seed quotes mm/migrate_offc.c
 * from the initializer on, without its header). Written here from the series' interface description
 * (struct migrator of RFC V3 5/9) and the kernel's public types; parsed like patch code. Opaque kernel
 * objects (mutex, srcu_struct, module, folio) get a few members so code can take their address and the
 * bindings can find their model counterpart.
 */
export const KERNEL_PRELUDE_PATH = '<kernel>';

export const kernelPrelude = `
#define NULL ((void *)0)
#define MIGRATOR_NAME_LEN 32
#define MODULE_NAME_LEN 56
#define GFP_KERNEL 0xcc0
#define GFP_NOWAIT 0x800
#define GFP_ATOMIC 0x820
#define PAGE_SHIFT 12
#define PAGE_SIZE 4096
#define INT_MAX 2147483647
#define INT_MIN (-2147483647 - 1)
#define UINT_MAX 4294967295U
#define LONG_MAX 9223372036854775807L
#define ULONG_MAX 18446744073709551615UL
#define U8_MAX 255
#define U16_MAX 65535
#define U32_MAX 4294967295U
#define S32_MAX 2147483647
#define MAX_ERRNO 4095
#define HZ 1000
#define THIS_MODULE ((struct module *)0)
#define MIGRATE_ASYNC 0
#define MIGRATE_SYNC_LIGHT 1
#define MIGRATE_SYNC 2
#define MIGRATE_NO_COPY 3

struct list_head { struct list_head *next, *prev; };
struct hlist_node { struct hlist_node *next, **pprev; };
struct callback_head { struct callback_head *next; void (*func)(struct callback_head *head); };
struct rcu_head { struct rcu_head *next; void (*func)(struct rcu_head *head); };
typedef struct { int counter; } atomic_t;
typedef struct { long long counter; } atomic64_t;
typedef struct { atomic_t refs; } refcount_t;
typedef struct { int rlock; } spinlock_t;
struct mutex { long owner; };
struct srcu_struct { int srcu_idx; };
struct completion { unsigned int done; };
struct module { char name[MODULE_NAME_LEN]; int refcnt; };
struct static_call_key { void *func; };
struct page { unsigned long flags; };
struct address_space { unsigned long nrpages; };
struct folio {
  unsigned long flags;
  struct list_head lru;
  struct address_space *mapping;
  unsigned long index;
  void *private;
  int _refcount;
  unsigned int _nr_pages;
};
struct work_struct { unsigned long data; struct list_head entry; void (*func)(struct work_struct *work); };
struct kobject { const char *name; };
struct kobj_attribute { int attr; };

struct migrator {
  char name[MIGRATOR_NAME_LEN];
  int (*migrate_offc)(struct list_head *dst_list, struct list_head *src_list, unsigned int folio_cnt);
  struct rcu_head srcu_head;
  struct module *owner;
};

int printk(const char *fmt, ...);
int folios_mc_copy(struct list_head *dst_list, struct list_head *src_list, unsigned int folios_cnt);
int folio_mc_copy(struct folio *dst, struct folio *src);
void srcu_mig_cb(struct rcu_head *head);
int offc_update_migrator(struct migrator *mig);
int start_offloading(struct migrator *m);
int stop_offloading(void);
unsigned char *get_active_migrator_name(void);
int atomic_read(const atomic_t *v);
void atomic_set(atomic_t *v, int i);
void atomic_inc(atomic_t *v);
void atomic_dec(atomic_t *v);
int atomic_inc_return(atomic_t *v);
int atomic_dec_return(atomic_t *v);
bool atomic_dec_and_test(atomic_t *v);
bool atomic_try_cmpxchg(atomic_t *v, int *old, int new);
int atomic_cmpxchg(atomic_t *v, int old, int new);
int atomic_xchg(atomic_t *v, int new);
void mutex_lock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);
int srcu_read_lock(struct srcu_struct *ssp);
void srcu_read_unlock(struct srcu_struct *ssp, int idx);
void call_srcu(struct srcu_struct *ssp, struct rcu_head *head, void (*func)(struct rcu_head *head));
void srcu_barrier(struct srcu_struct *ssp);
void synchronize_srcu(struct srcu_struct *ssp);
bool try_module_get(struct module *module);
void module_put(struct module *module);
long strscpy(char *dest, const char *src, size_t count);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
void kfree(const void *p);
void *ERR_PTR(long error);
long PTR_ERR(const void *ptr);
bool IS_ERR(const void *ptr);
bool IS_ERR_OR_NULL(const void *ptr);
void INIT_LIST_HEAD(struct list_head *list);
void list_add(struct list_head *entry, struct list_head *head);
void list_add_tail(struct list_head *entry, struct list_head *head);
void list_del(struct list_head *entry);
void list_del_init(struct list_head *entry);
void list_move_tail(struct list_head *entry, struct list_head *head);
int list_empty(const struct list_head *head);
size_t list_count_nodes(struct list_head *head);
long folio_size(struct folio *folio);
long folio_nr_pages(struct folio *folio);
unsigned int folio_order(struct folio *folio);
void *folio_address(struct folio *folio);
void cond_resched(void);
void might_sleep(void);
unsigned long jiffies_now(void);
`;
